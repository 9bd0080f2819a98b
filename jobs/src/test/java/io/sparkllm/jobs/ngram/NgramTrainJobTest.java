package io.sparkllm.jobs.ngram;

import io.sparkllm.testing.Jobs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.datasets.clean.LmText;
import io.sparkllm.datasets.ngram.ArpaModel;
import io.sparkllm.datasets.ngram.KneserNeyEstimator;
import io.sparkllm.jobs.clean.CleanJob;
import io.sparkllm.testing.SharedData;
import io.sparkllm.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NgramTrainJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    private static JsonNode run(io.sparkllm.runtime.Job job, Map<String, Object> settings) throws Exception {
        return Jobs.run(job, settings);
    }

    @Test
    void countingOnSparkGivesTheModelALocalEstimateGives(@TempDir Path tmp) throws Exception {
        Path play = tmp.resolve("play");
        Files.createDirectories(play);
        List<String> lines = Files.readAllLines(SharedData.path("tinyshakespeare/input.txt"));
        int split = lines.size() * 9 / 10;
        Files.write(play.resolve("train.txt"), lines.subList(0, split));
        Path out = tmp.resolve("lm");
        run(new NgramTrainJob(), Map.of("input", List.of(play.toString()), "output", out.toString(), "order", 3));

        ArpaModel spark = ArpaModel.read(out.resolve("model.arpa"));
        KneserNeyEstimator local = new KneserNeyEstimator(3);
        LmText.sentences(String.join("\n", lines.subList(0, split)), false).forEach(local::addSentence);
        ArpaModel expected = local.build();
        List<List<String>> heldOut = LmText.sentences(String.join("\n", lines.subList(split, lines.size())), false);
        assertThat(spark.order()).isEqualTo(3);
        assertThat(spark.vocabularySize()).isEqualTo(expected.vocabularySize());
        assertThat(spark.perplexity(heldOut)).isCloseTo(expected.perplexity(heldOut), within(1e-6));
        assertThat(spark.perplexity(heldOut)).isBetween(100.0, 2000.0);

        JsonNode stats = JSON.readTree(out.resolve("stats.json").toFile());
        assertThat(stats.path("orders")).hasSize(3);
        assertThat(stats.path("orders").get(2).path("discounts").path("fallback").asBoolean()).isFalse();
    }

    @Test
    void thePerplexityFilterRejectsWordSaladAndKeepsRealText(@TempDir Path tmp) throws Exception {
        List<String> docs = new ArrayList<>();
        for (String line : Files.readAllLines(SharedData.path("webdocs/llamafactory_c4_demo_en.jsonl"))) {
            docs.add(JSON.readTree(line).get("text").asText());
        }
        Path train = tmp.resolve("train.jsonl");
        StringBuilder trainLines = new StringBuilder();
        for (String d : docs.subList(0, 250)) {
            trainLines.append(JSON.writeValueAsString(Map.of("text", d, "lang", "en"))).append('\n');
        }
        Files.writeString(train, trainLines);
        Path lm = tmp.resolve("lm");
        run(new NgramTrainJob(), Map.of("input", List.of(train.toString()), "output", lm.toString(), "order", 3,
                "lang", "en"));
        ArpaModel model = ArpaModel.read(lm.resolve("model.arpa"));

        // Held-out documents, and the same documents with their words shuffled.
        Random random = new Random(3);
        StringBuilder test = new StringBuilder();
        List<Double> real = new ArrayList<>();
        List<Double> salad = new ArrayList<>();
        for (int i = 250; i < 300; i++) {
            List<String> words = new ArrayList<>(List.of(docs.get(i).split(" ")));
            Collections.shuffle(words, random);
            String shuffled = String.join(" ", words);
            real.add(model.perplexity(LmText.sentences(docs.get(i), false)));
            salad.add(model.perplexity(LmText.sentences(shuffled, false)));
            test.append(JSON.writeValueAsString(Map.of("id", "real-" + i, "text", docs.get(i), "lang", "en"))).append('\n');
            test.append(JSON.writeValueAsString(Map.of("id", "salad-" + i, "text", shuffled, "lang", "en"))).append('\n');
        }
        Collections.sort(real);
        Collections.sort(salad);
        double cutoff = Math.sqrt(real.get(25) * salad.get(25));
        Path input = tmp.resolve("test.jsonl");
        Files.writeString(input, test);
        Path out = tmp.resolve("clean");
        Map<String, Object> settings = new HashMap<>(Map.of("input", List.of(input.toString()), "output", out.toString()));
        settings.put("filters.roots.perplexity-models", Map.of("en", lm.resolve("model.arpa").toString()));
        settings.put("filters.roots.overrides", Map.of("en", Map.of("perplexity_max_cutoff", cutoff)));
        run(new CleanJob(), settings);

        Map<String, Set<String>> failed = new HashMap<>();
        for (Row r : TestSpark.session().read().parquet(out.resolve("rejected").toString())
                .selectExpr("id", "transform(failures, f -> f.rule)").collectAsList()) {
            failed.put(r.getString(0), Set.copyOf(r.getList(1)));
        }
        long saladCaught = failed.entrySet().stream()
                .filter(e -> e.getKey().startsWith("salad-") && e.getValue().contains("roots_perplexity")).count();
        long realCaught = failed.entrySet().stream()
                .filter(e -> e.getKey().startsWith("real-") && e.getValue().contains("roots_perplexity")).count();
        assertThat(saladCaught).as("word salad over the cutoff").isGreaterThanOrEqualTo(40);
        assertThat(realCaught).as("real text over the cutoff").isLessThanOrEqualTo(10);
        JsonNode stats = JSON.readTree(out.resolve("stats.json").toFile());
        assertThat(stats.path("filters").path("roots_perplexity").path("seen").asLong()).isEqualTo(100);
    }
}
