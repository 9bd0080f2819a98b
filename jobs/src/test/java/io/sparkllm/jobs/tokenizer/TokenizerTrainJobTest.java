package io.sparkllm.jobs.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.model.tokenizer.ByteLevelBpeTrainer;
import io.sparkllm.model.tokenizer.Gpt2PreTokenizer;
import io.sparkllm.model.tokenizer.Tokenizer;
import io.sparkllm.model.tokenizer.TokenizerFiles;
import io.sparkllm.testing.Jobs;
import io.sparkllm.testing.SharedData;
import io.sparkllm.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TokenizerTrainJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    @Test
    void countingOnSparkLearnsWhatALocalTrainerLearns(@TempDir Path tmp) throws Exception {
        Path input = SharedData.path("webdocs/llamafactory_c4_demo_en.jsonl");
        Path out = tmp.resolve("tok");
        Jobs.run(new TokenizerTrainJob(), Map.of("input", List.of(input.toString()), "output", out.toString(),
                "vocab-size", 1500));

        Map<String, Long> counts = new HashMap<>();
        for (String line : Files.readAllLines(input)) {
            for (String word : Gpt2PreTokenizer.words(JSON.readTree(line).path("text").asText())) {
                counts.merge(word, 1L, Long::sum);
            }
        }
        Tokenizer local = new ByteLevelBpeTrainer(1500, 2, List.of("<|endoftext|>")).train(counts);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        TokenizerFiles.write(local, expected);
        JsonNode trained = JSON.readTree(out.resolve("tokenizer.json").toFile());
        assertThat(trained).isEqualTo(JSON.readTree(expected.toByteArray()));
        assertThat(trained.at("/model/merges")).hasSize(1500 - 257);

        Tokenizer loaded = TokenizerFiles.load(out);
        String text = "The quick brown fox jumps over the lazy dog.";
        assertThat(loaded.decode(loaded.encode(text))).isEqualTo(text);
        JsonNode stats = JSON.readTree(out.resolve("stats.json").toFile());
        assertThat(stats.path("documents").asLong()).isEqualTo(300);
        assertThat(stats.path("distinct_words").asLong()).isEqualTo(counts.size());
    }
}
