package io.sparkllm.jobs.decontaminate;

import io.sparkllm.testing.Jobs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.datasets.dedup.Shingles;
import io.sparkllm.testing.SharedData;
import io.sparkllm.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecontaminateJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    @Test
    void aHumanEvalSolutionPlantedInAWebPageIsFlaggedAndCleanPagesAreNot(@TempDir Path tmp) throws Exception {
        JsonNode problem;
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(
                SharedData.path("humaneval-x/humaneval_python.jsonl.gz")))) {
            problem = JSON.readTree(new String(in.readAllBytes()).split("\n")[12]);
        }
        String sentence;
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(
                SharedData.path("multi30k/test_2016_flickr.en.gz")))) {
            sentence = new String(in.readAllBytes()).split("\n")[7];
        }
        List<String> pages = new ArrayList<>();
        for (String line : Files.readAllLines(SharedData.path("webdocs/llamafactory_c4_demo_en.jsonl"))) {
            pages.add(JSON.readTree(line).get("text").asText());
        }
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < pages.size(); i++) {
            input.append(JSON.writeValueAsString(Map.of("id", "page-" + i, "text", pages.get(i)))).append('\n');
        }
        String[] words = pages.get(3).split(" ");
        String planted = String.join(" ", List.of(words).subList(0, words.length / 2)) + "\n\nHere is my answer:\n"
                + problem.get("prompt").asText() + problem.get("canonical_solution").asText() + "\n"
                + String.join(" ", List.of(words).subList(words.length / 2, words.length));
        input.append(JSON.writeValueAsString(Map.of("id", "planted-code", "text", planted))).append('\n');
        input.append(JSON.writeValueAsString(Map.of("id", "planted-caption",
                "text", "Photo of the day. " + sentence + " Shared by a reader."))).append('\n');
        Path docs = tmp.resolve("docs.jsonl");
        Files.writeString(docs, input);

        Path out = tmp.resolve("decon");
        Map<String, Object> settings = new HashMap<>(Map.of("input", List.of(docs.toString()), "output", out.toString()));
        settings.put("benchmarks", List.of(
                Map.of("name", "humaneval-x", "paths", List.of(SharedData.path("humaneval-x").toString() + "/*.jsonl.gz"),
                        "fields", List.of("prompt", "canonical_solution")),
                Map.of("name", "multi30k", "paths", List.of(SharedData.path("multi30k").toString() + "/val.*.gz",
                        SharedData.path("multi30k").toString() + "/test_2016_flickr.*.gz"), "fields", List.of())));
        Jobs.run(new DecontaminateJob(), settings);

        Map<String, List<Row>> hits = new HashMap<>();
        for (Row r : TestSpark.session().read().parquet(out.resolve("flagged").toString()).collectAsList()) {
            hits.put(r.getString(r.fieldIndex("id")), r.getList(r.fieldIndex("hits")));
        }
        assertThat(hits).containsKeys("planted-code", "planted-caption");
        Row codeHit = hits.get("planted-code").get(0);
        assertThat(codeHit.getString(0)).isEqualTo("humaneval-x");
        assertThat(Shingles.normalize(planted)).contains(codeHit.getString(1));
        assertThat(codeHit.getString(1).split(" ")).hasSize(13);
        assertThat(hits.get("planted-caption").get(0).getString(0)).isEqualTo("multi30k");
        assertThat(hits.keySet().stream().filter(id -> id.startsWith("page-")).count())
                .as("real pages flagged").isLessThanOrEqualTo(1);

        long kept = TestSpark.session().read().parquet(out.resolve("kept").toString()).count();
        assertThat(kept + hits.size()).isEqualTo(pages.size() + 2);
        JsonNode stats = JSON.readTree(out.resolve("stats.json").toFile());
        assertThat(stats.path("documents_per_benchmark").path("humaneval-x").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(stats.path("documents_per_benchmark").path("multi30k").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(stats.path("eval_items").path("humaneval-x").asLong()).isEqualTo(5 * 164);
        assertThat(stats.path("eval_items").path("multi30k").asLong()).isEqualTo(2 * (1014 + 1000));
    }

    @Test
    void aBrokenEvaluationFileStopsTheJobNamingFileAndLineAndLeavesNoOutput(@TempDir Path tmp) throws Exception {
        List<String> problems;
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(
                SharedData.path("humaneval-x/humaneval_js.jsonl.gz")))) {
            problems = new ArrayList<>(List.of(new String(in.readAllBytes()).split("\n")));
        }
        String third = problems.get(2);
        problems.set(2, third.substring(0, third.length() / 2));
        Path eval = tmp.resolve("eval.jsonl");
        Files.writeString(eval, String.join("\n", problems));
        Path docs = tmp.resolve("docs.jsonl");
        Files.writeString(docs, JSON.writeValueAsString(Map.of("id", "a", "text", "a page of words")) + "\n");
        Path out = tmp.resolve("decon");

        Map<String, Object> settings = new HashMap<>(Map.of("input", List.of(docs.toString()), "output", out.toString()));
        settings.put("benchmarks", List.of(Map.of("name", "js", "paths", List.of(eval.toString()),
                "fields", List.of("prompt"))));
        assertThatThrownBy(() -> Jobs.run(new DecontaminateJob(), settings))
                .hasMessageContaining("benchmark js: ")
                .hasMessageContaining("eval.jsonl:3: bad JSON");
        assertThat(out).doesNotExist();

        settings.put("benchmarks", List.of(Map.of("name", "gone", "paths", List.of(tmp.resolve("none-*.jsonl").toString()),
                "fields", List.of("prompt"))));
        assertThatThrownBy(() -> Jobs.run(new DecontaminateJob(), settings)).hasMessageContaining("not found")
                .hasMessageContaining("none-*.jsonl");
        assertThat(out).doesNotExist();
    }
}
