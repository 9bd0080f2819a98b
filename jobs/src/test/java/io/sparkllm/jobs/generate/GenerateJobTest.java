package io.sparkllm.jobs.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.model.checkpoint.SavedModels;
import io.sparkllm.model.generate.Generation;
import io.sparkllm.model.generate.Generator;
import io.sparkllm.model.generate.SamplingSettings;
import io.sparkllm.model.layers.Nonlinearity;
import io.sparkllm.model.tokenizer.Tokenizer;
import io.sparkllm.model.tokenizer.TokenizerFiles;
import io.sparkllm.model.zoo.Family;
import io.sparkllm.model.zoo.KvCacheDecoder;
import io.sparkllm.model.zoo.ModelGraphs;
import io.sparkllm.model.zoo.ModelSpec;
import io.sparkllm.testing.Jobs;
import io.sparkllm.testing.SharedData;
import io.sparkllm.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** HumanEval's first Python prompts run 91 to 203 GPT-2 tokens: some fit, some don't. */
    private static final int POSITIONS = 140;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    /** A small random GPT-2 over GPT-2's real vocabulary, saved with its tokenizer. */
    private static Path model(Path dir) throws Exception {
        Path tokenizer = SharedData.path("tokenizers/gpt2/tokenizer.json");
        ModelSpec spec = new ModelSpec(Family.GPT2, TokenizerFiles.load(tokenizer).vocabSize(), POSITIONS, 32, 1, 2, 64,
                1e-5, Nonlinearity.GELU_TANH, true, 0, 0.5, 10000, 0, 0);
        SavedModels.save(ModelGraphs.create(spec, 11, DataType.FLOAT), spec, dir);
        Files.copy(tokenizer, dir.resolve("tokenizer.json"));
        return dir;
    }

    /** The first HumanEval prompts (task_id, prompt) as JSONL, plus one broken line. */
    private static Map<String, String> prompts(Path file, int count) throws Exception {
        Map<String, String> prompts = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(SharedData.path("humaneval-x/humaneval_python.jsonl.gz"))), StandardCharsets.UTF_8))) {
            for (int i = 0; i < count; i++) {
                JsonNode problem = JSON.readTree(in.readLine());
                prompts.put(problem.get("task_id").asText(), problem.get("prompt").asText());
                out.append(JSON.writeValueAsString(Map.of("task_id", problem.get("task_id").asText(),
                        "prompt", problem.get("prompt").asText()))).append('\n');
            }
        }
        out.append("{\"task_id\": \"broken\", \"prompt\": \n");
        Files.writeString(file, out);
        return prompts;
    }

    private static Map<String, Object> settings(Path input, Path model, Path out) {
        Map<String, Object> s = new HashMap<>();
        s.put("input", List.of(input.toString()));
        s.put("output", out.toString());
        s.put("model", model.toString());
        s.put("fields.id", "task_id");
        s.put("max-new-tokens", 6);
        return s;
    }

    @Test
    void greedyCompletionsMatchInProcessDecodingAndLongPromptsAreRejected(@TempDir Path tmp) throws Exception {
        Path model = model(tmp.resolve("model"));
        Path input = tmp.resolve("prompts.jsonl");
        Map<String, String> prompts = prompts(input, 10);
        Map<String, Object> s = settings(input, model, tmp.resolve("out"));
        s.put("greedy", true);
        JsonNode manifest = Jobs.run(new GenerateJob(), s);

        Tokenizer tokenizer = TokenizerFiles.load(model.resolve("tokenizer.json"));
        SavedModels.Loaded loaded = SavedModels.load(model, DataType.FLOAT);
        Generator reference = new Generator(new KvCacheDecoder(loaded.graph(), loaded.spec()), tokenizer::decode);
        Map<String, Row> completions = new HashMap<>();
        for (Row r : TestSpark.session().read().parquet(tmp.resolve("out/completions").toString()).collectAsList()) {
            completions.put(r.getAs("id"), r);
        }
        List<String> tooLong = new ArrayList<>();
        for (Map.Entry<String, String> p : prompts.entrySet()) {
            int[] ids = tokenizer.encode(p.getValue(), true);
            if (ids.length >= POSITIONS) {
                tooLong.add(p.getKey());
                assertThat(completions).doesNotContainKey(p.getKey());
                continue;
            }
            // A completion stops where the model's positions run out.
            int room = Math.min(6, POSITIONS - ids.length);
            Generation expected = reference.generate(ids, 0, SamplingSettings.greedyDecoding().withMaxNewTokens(room));
            Row row = completions.get(p.getKey());
            assertThat(row).as(p.getKey()).isNotNull();
            assertThat((String) row.getAs("completion")).isEqualTo(expected.text());
            assertThat(row.<Integer>getAs("new_tokens")).isEqualTo(room);
            assertThat((String) row.getAs("finish_reason")).isEqualTo("max_tokens");
        }
        assertThat(tooLong).as("some HumanEval prompts are longer than the model's positions").isNotEmpty();
        assertThat(completions).as("and some fit").isNotEmpty();
        List<Row> rejected = TestSpark.session().read().parquet(tmp.resolve("out/rejected").toString()).collectAsList();
        assertThat(rejected).extracting(r -> (String) r.getAs("id")).containsExactlyInAnyOrderElementsOf(tooLong);
        assertThat(rejected).extracting(r -> (String) r.getAs("rule")).containsOnly("prompt-too-long");
        JsonNode counts = manifest.get("counts");
        assertThat(counts.get("prompts_in").asLong()).isEqualTo(11);
        assertThat(counts.get("kept").asLong()).isEqualTo(10 - tooLong.size());
        assertThat(counts.get("rejected").asLong()).isEqualTo(tooLong.size());
        assertThat(counts.get("quarantined").asLong()).isEqualTo(1);
    }

    @Test
    void sampledCompletionsDependOnSeedAndSampleNotOnTheRun(@TempDir Path tmp) throws Exception {
        Path model = model(tmp.resolve("model"));
        Path input = tmp.resolve("prompts.jsonl");
        prompts(input, 5);
        Map<String, Object> s = settings(input, model, tmp.resolve("a"));
        s.put("samples", 3);
        s.put("temperature", 1.5);
        Jobs.run(new GenerateJob(), s);
        s.put("output", tmp.resolve("b").toString());
        Jobs.run(new GenerateJob(), s);
        List<Row> a = TestSpark.session().read().parquet(tmp.resolve("a/completions").toString()).orderBy("id", "sample").collectAsList();
        List<Row> b = TestSpark.session().read().parquet(tmp.resolve("b/completions").toString()).orderBy("id", "sample").collectAsList();
        assertThat(a).hasSize(12).isEqualTo(b);
        long distinct = a.stream().map(r -> r.getAs("id") + "|" + r.getAs("completion")).distinct().count();
        assertThat(distinct).as("three samples of a prompt differ").isGreaterThan(8);
    }
}
