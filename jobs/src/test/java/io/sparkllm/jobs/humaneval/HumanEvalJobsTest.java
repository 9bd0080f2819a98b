package io.sparkllm.jobs.humaneval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.testing.Jobs;
import io.sparkllm.testing.SharedData;
import io.sparkllm.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HumanEvalJobsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    private static Path prepared;

    @BeforeAll
    static void prepare() throws Exception {
        TestSpark.session();
        prepared = tmp.resolve("prep");
        Jobs.run(new HumanEvalPrepJob(), Map.of("input", List.of(
                SharedData.path("humaneval-x") + "/*.jsonl.gz", SharedData.path("humaneval/HumanEval.jsonl.gz").toString()),
                "output", prepared.toString()));
    }

    @Test
    void prepWritesEveryProblemOfEveryLanguageSorted() throws Exception {
        List<Row> rows = TestSpark.session().read().parquet(prepared.resolve("problems").toString()).collectAsList();
        assertThat(rows).hasSize(6 * 164);
        assertThat(rows.get(0).getString(rows.get(0).fieldIndex("task_id"))).isEqualTo("CPP/0");
        assertThat(rows.get(10).getString(rows.get(0).fieldIndex("task_id"))).isEqualTo("CPP/10");
        Row go = rows.stream().filter(r -> r.getAs("task_id").equals("Go/162")).findFirst().orElseThrow();
        assertThat((String) go.getAs("import")).contains("crypto/md5");
        assertThat((String) go.getAs("test_setup")).startsWith("package main");
        JsonNode stats = JSON.readTree(prepared.resolve("stats.json").toFile());
        assertThat(stats.get("problems").asLong()).isEqualTo(984);
        assertThat(stats.get("quarantined").asLong()).isZero();
        assertThat(stats.get("languages").get("humaneval").asLong()).isEqualTo(164);
        JsonNode manifest = JSON.readTree(prepared.resolve("_manifest.json").toFile());
        assertThat(manifest.get("inputs")).hasSize(6);
    }

    @Test
    void prepQuarantinesBrokenRecordsAndCountsEveryRow(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(gunzip(SharedData.path("humaneval-x/humaneval_go.jsonl.gz")));
        lines.set(3, lines.get(3).replace("\"test_setup\"", "\"setup\""));
        lines.set(5, "{not json");
        lines.add(lines.get(0)); // Go/0 twice
        Path file = dir.resolve("humaneval_go.jsonl");
        Files.write(file, lines);
        Path out = dir.resolve("out");
        Jobs.run(new HumanEvalPrepJob(), Map.of("input", List.of(file.toString()), "output", out.toString()));

        List<Row> quarantine = TestSpark.session().read().parquet(out.resolve("quarantine").toString()).collectAsList();
        assertThat(quarantine).extracting(r -> r.getLong(1)).containsExactly(4L, 6L, 165L);
        assertThat(quarantine).extracting(r -> r.getString(2)).containsExactly("missing_field", "bad_json",
                "duplicate_task_id");
        assertThat(quarantine.get(0).getString(3)).contains("'test_setup' is missing");
        long kept = TestSpark.session().read().parquet(out.resolve("problems").toString()).count();
        assertThat(kept).isEqualTo(162);
        assertThat(kept + quarantine.size()).isEqualTo(lines.size());
    }

    @Test
    void execRunsCanonicalSolutionsOfEveryLanguage() throws Exception {
        Path out = tmp.resolve("canonical");
        Jobs.run(new HumanEvalExecJob(), Map.of("problems", prepared.toString(), "output", out.toString(),
                "problems-per-language", 2));
        List<Row> results = TestSpark.session().read().parquet(out.resolve("results").toString()).collectAsList();
        assertThat(results).hasSize(12);
        assertThat(results).allSatisfy(r -> assertThat((String) r.getAs("status"))
                .as(r.getAs("task_id") + ": " + r.getAs("stderr_excerpt")).isEqualTo("passed"));
        assertThat(results.get(0).schema().fieldNames())
                .containsExactly("task_id", "language", "sample", "status", "stderr_excerpt", "millis");
        JsonNode stats = JSON.readTree(out.resolve("stats.json").toFile());
        assertThat(stats.get("languages")).hasSize(6);
        stats.get("languages").forEach(l -> assertThat(l.get("pass_at_k").get("pass@1").asDouble()).isEqualTo(1.0));
        assertThat(stats.get("sandbox").asText()).isEqualTo("bwrap");
    }

    @Test
    void execScoresSamplesWithPassAtK(@TempDir Path dir) throws Exception {
        Map<String, JsonNode> problems = new HashMap<>();
        for (String line : gunzip(SharedData.path("humaneval-x/humaneval_js.jsonl.gz"))) {
            JsonNode n = JSON.readTree(line);
            problems.put(n.get("task_id").asText(), n);
        }
        String right = problems.get("JavaScript/0").get("canonical_solution").asText();
        String wrong = "  return false\n}\n";
        StringBuilder samples = new StringBuilder();
        for (String completion : List.of(right, wrong, right + "\n", wrong + "\n")) {
            samples.append(JSON.writeValueAsString(Map.of("task_id", "JavaScript/0", "completion", completion)))
                    .append('\n');
        }
        samples.append(JSON.writeValueAsString(Map.of("task_id", "JavaScript/2",
                "completion", problems.get("JavaScript/2").get("canonical_solution").asText()))).append('\n');
        samples.append(JSON.writeValueAsString(Map.of("task_id", "JavaScript/999", "completion", "x"))).append('\n');
        Path file = dir.resolve("samples.jsonl");
        Files.writeString(file, samples);
        Path out = dir.resolve("out");
        JsonNode manifest = Jobs.run(new HumanEvalExecJob(), Map.of("problems", prepared.toString(),
                "samples", List.of(file.toString()), "output", out.toString(), "k", List.of(1, 2, 10)));

        List<Row> results = TestSpark.session().read().parquet(out.resolve("results").toString()).collectAsList();
        assertThat(results).extracting(r -> r.getAs("task_id") + "#" + r.getAs("sample"))
                .containsExactly("JavaScript/0#0", "JavaScript/0#1", "JavaScript/0#2", "JavaScript/0#3",
                        "JavaScript/2#0");
        assertThat(results).filteredOn(r -> r.getAs("status").equals("failed")).hasSize(2)
                .allSatisfy(r -> assertThat((String) r.getAs("stderr_excerpt")).contains("Assertion failed"));
        assertThat(TestSpark.session().read().parquet(out.resolve("quarantine").toString()).count()).isEqualTo(1);

        // JavaScript/0: n=4, c=2, so pass@1 = 1/2 and pass@2 = 1 - C(2,2)/C(4,2) = 5/6; JavaScript/2: n=c=1
        JsonNode js = JSON.readTree(out.resolve("stats.json").toFile()).get("languages").get("js");
        assertThat(js.get("pass_at_k").get("pass@1").asDouble()).isCloseTo((0.5 + 1.0) / 2, within(1e-12));
        assertThat(js.get("pass_at_k").get("pass@2").asDouble()).isCloseTo(5.0 / 6.0, within(1e-12));
        assertThat(js.get("pass_at_k").has("pass@10")).isFalse();
        Row perProblem = TestSpark.session().read().parquet(out.resolve("per_problem").toString())
                .filter("task_id = 'JavaScript/0'").first();
        assertThat(perProblem.<Integer>getAs("samples")).isEqualTo(4);
        assertThat(perProblem.<Integer>getAs("passed")).isEqualTo(2);
        assertThat(manifest.get("outputs").toString()).contains("quarantined");
    }

    private static List<String> gunzip(Path file) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
