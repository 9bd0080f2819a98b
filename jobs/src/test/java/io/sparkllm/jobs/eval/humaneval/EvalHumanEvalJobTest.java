package io.sparkllm.jobs.eval.humaneval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.cli.Main;
import io.sparkllm.jobs.eval.EvalReport;
import io.sparkllm.jobs.humaneval.HumanEvalPrepJob;
import io.sparkllm.model.checkpoint.SavedModels;
import io.sparkllm.model.layers.Nonlinearity;
import io.sparkllm.model.tokenizer.Tokenizer;
import io.sparkllm.model.tokenizer.TokenizerFiles;
import io.sparkllm.model.zoo.Family;
import io.sparkllm.model.zoo.ModelGraphs;
import io.sparkllm.model.zoo.ModelSpec;
import io.sparkllm.testing.HeadlessChromium;
import io.sparkllm.testing.Jobs;
import io.sparkllm.testing.SharedData;
import io.sparkllm.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * eval humaneval on real HumanEval-X problems, run by python3, g++ and node in the sandbox:
 * canonical solutions and known-broken completions give exact pass@k and failure categories;
 * broken lines and unknown tasks fall out with their reasons; a small model's completions run
 * end to end; report.html shows what metrics.json says.
 */
class EvalHumanEvalJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    private static Path prepared;
    private static Map<String, String> canonical;

    @BeforeAll
    static void prepare() throws Exception {
        TestSpark.session();
        prepared = tmp.resolve("prep");
        Jobs.run(new HumanEvalPrepJob(), Map.of("input", List.of(SharedData.path("humaneval-x") + "/*.jsonl.gz"),
                "output", prepared.toString()));
        canonical = new HashMap<>();
        for (String language : List.of("python", "cpp", "js")) {
            for (String line : gunzip(SharedData.path("humaneval-x/humaneval_" + language + ".jsonl.gz"))) {
                JsonNode n = JSON.readTree(line);
                canonical.put(n.get("task_id").asText(), n.get("canonical_solution").asText());
            }
        }
    }

    private static String sample(String taskId, String completion) throws Exception {
        return JSON.writeValueAsString(Map.of("task_id", taskId, "completion", completion));
    }

    @Test
    void scoresSubmittedSamplesWithExactPassAtKAndFailureCategories() throws Exception {
        Path dir = tmp.resolve("submitted");
        Files.createDirectories(dir);
        List<String> lines = new ArrayList<>();
        lines.add(sample("Python/0", canonical.get("Python/0")));                  // passed
        lines.add(sample("Python/0", "    return False\n"));                       // failed: an assertion
        lines.add("{\"task_id\": \"Python/1\", \"completion\": ");                 // line 3: bad_json
        lines.add(sample("Python/0", "    return undefined_name\n"));              // runtime_error: NameError
        lines.add(sample("Python/0", "    while True:\n        pass\n"));          // timeout
        lines.add(sample("Python/1", canonical.get("Python/1")));                  // passed
        lines.add("{\"completion\": \"    return 1\\n\"}");                        // line 7: missing_task_id
        lines.add(sample("CPP/0", canonical.get("CPP/0")));                        // passed
        lines.add(sample("CPP/0", "    return true\n}\n"));                        // compile_error: no semicolon
        lines.add(JSON.writeValueAsString(Map.of("task_id", "CPP/1",               // HumanEval-X's field name
                "generation", canonical.get("CPP/1"))));                           // passed
        lines.add("{\"task_id\": \"CPP/1\"}");                                     // line 11: missing_completion
        lines.add("[\"Python/0\", \"x\"]");                                        // line 12: not_an_object
        lines.add(sample("Python/999", "    return 1\n"));                         // rejected: unknown_task
        lines.add(sample("Rust/0", "    1\n}\n"));                                 // rejected: unknown_task
        lines.add(sample("Go/0", "    return false\n}\n"));                        // rejected: not_selected (language)
        lines.add(sample("Python/5", "    return []\n"));                          // rejected: not_selected (number)
        Path first = dir.resolve("samples.jsonl");
        Files.writeString(first, String.join("\n", lines) + "\n");
        // JavaScript/0: 12 samples, 1 right: pass@1 = 1/12, pass@10 = 1 - C(11,10)/C(12,10) = 5/6
        StringBuilder js = new StringBuilder(JSON.writeValueAsString(Map.of("task_id", "JavaScript/0",
                "completion", canonical.get("JavaScript/0"), "language", "javascript")) + "\n");
        for (int i = 0; i < 6; i++) {
            js.append(sample("JavaScript/0", "  return false;\n}\n")).append('\n');        // failed: console.assert prints
        }
        for (int i = 0; i < 5; i++) {
            js.append(sample("JavaScript/0", "  throw new Error('no " + i + "');\n}\n")).append('\n'); // runtime_error
        }
        Path second = dir.resolve("more.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(second))) {
            out.write(js.toString().getBytes(StandardCharsets.UTF_8));
        }

        Path out = dir.resolve("eval");
        Map<String, Object> settings = new HashMap<>();
        settings.put("problems", prepared.toString());
        settings.put("samples", List.of(first.toString(), second.toString()));
        settings.put("output", out.toString());
        settings.put("languages", List.of("python", "cpp", "javascript"));
        settings.put("problems-per-language", 3);
        settings.put("sandbox.run-wall-seconds", 3);
        settings.put("sandbox.run-cpu-seconds", 3);
        JsonNode manifest = Jobs.run(new EvalHumanEvalJob(), settings);

        // every line accounted for: 20 samples + 4 rejected + 4 quarantined
        JsonNode counts = manifest.get("counts");
        assertThat(counts.get("sample_lines").asLong()).isEqualTo(28);
        assertThat(counts.get("kept").asLong()).isEqualTo(20);
        assertThat(counts.get("rejected").asLong()).isEqualTo(4);
        assertThat(counts.get("quarantined").asLong()).isEqualTo(4);
        List<Row> quarantine = read(out, "quarantine");
        assertThat(quarantine).extracting(r -> r.<String>getAs("file")).allSatisfy(f -> assertThat(f).endsWith("samples.jsonl"));
        assertThat(quarantine).extracting(r -> r.<Long>getAs("line")).containsExactly(3L, 7L, 11L, 12L);
        assertThat(quarantine).extracting(r -> r.<String>getAs("error").replaceAll(":.*", ""))
                .containsExactly("bad_json", "missing_task_id", "missing_completion", "not_an_object");
        List<Row> rejected = read(out, "rejected");
        Map<String, String> rules = new HashMap<>();
        rejected.forEach(r -> rules.put(r.getAs("task_id"), r.getAs("rule")));
        assertThat(rules).containsOnly(Map.entry("Python/999", "unknown_task"), Map.entry("Rust/0", "unknown_task"),
                Map.entry("Go/0", "not_selected"), Map.entry("Python/5", "not_selected"));

        // every sample has one result, numbered per task in file and line order
        List<Row> samples = read(out, "samples");
        List<Row> results = read(out, "results");
        assertThat(samples).hasSize(20);
        assertThat(results).hasSize(20);
        Map<String, String> status = new LinkedHashMap<>();
        results.forEach(r -> status.put(r.getAs("task_id") + "#" + r.getAs("sample"), r.getAs("status")));
        assertThat(status).containsEntry("Python/0#0", "passed").containsEntry("Python/0#1", "failed")
                .containsEntry("Python/0#2", "runtime_error").containsEntry("Python/0#3", "timeout")
                .containsEntry("Python/1#0", "passed").containsEntry("CPP/0#0", "passed")
                .containsEntry("CPP/0#1", "compile_error").containsEntry("CPP/1#0", "passed")
                .containsEntry("JavaScript/0#0", "passed").containsEntry("JavaScript/0#1", "failed")
                .containsEntry("JavaScript/0#11", "runtime_error");
        assertThat(results.get(0).schema().fieldNames())
                .containsExactly("task_id", "language", "sample", "status", "stderr_excerpt", "millis");

        // per problem n, c, pass@k; per language and overall the mean over problems
        Map<String, Row> problems = new HashMap<>();
        read(out, "problems").forEach(r -> problems.put(r.getAs("task_id"), r));
        assertThat(problems).hasSize(5);
        assertThat(problems.get("Python/0").<Integer>getAs("samples")).isEqualTo(4);
        assertThat(problems.get("Python/0").<Integer>getAs("passed")).isEqualTo(1);
        assertThat(problems.get("JavaScript/0").<scala.collection.Map<String, Double>>getAs("pass_at_k").get("10").get())
                .isCloseTo(5.0 / 6.0, within(1e-12));
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        assertThat(metrics.get("source").asText()).isEqualTo("samples");
        assertThat(metrics.get("problems").asInt()).isEqualTo(5);
        assertThat(metrics.get("samples").asInt()).isEqualTo(20);
        JsonNode languages = metrics.get("languages");
        assertThat(languages.get("python").get("pass_at_k").get("pass@1").asDouble()).isCloseTo((0.25 + 1) / 2, within(1e-12));
        assertThat(languages.get("cpp").get("pass_at_k").get("pass@1").asDouble()).isCloseTo((0.5 + 1) / 2, within(1e-12));
        assertThat(languages.get("js").get("pass_at_k").get("pass@1").asDouble()).isCloseTo(1.0 / 12, within(1e-12));
        assertThat(languages.get("js").get("pass_at_k").get("pass@10").asDouble()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(languages.get("python").get("pass_at_k").has("pass@10")).isFalse();
        assertThat(metrics.get("pass_at_k").get("pass@1").asDouble())
                .isCloseTo((0.25 + 1 + 0.5 + 1 + 1.0 / 12) / 5, within(1e-12));
        assertThat(metrics.get("pass_at_k").get("pass@10").asDouble()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(metrics.get("pass_at_k").has("pass@100")).isFalse();
        assertThat(JSON.convertValue(languages.get("python").get("status"), Map.class)).isEqualTo(Map.of(
                "passed", 2, "failed", 1, "timeout", 1, "compile_error", 0, "runtime_error", 1));
        assertThat(JSON.convertValue(languages.get("cpp").get("status"), Map.class)).isEqualTo(Map.of(
                "passed", 2, "failed", 0, "timeout", 0, "compile_error", 1, "runtime_error", 0));
        assertThat(JSON.convertValue(languages.get("js").get("status"), Map.class)).isEqualTo(Map.of(
                "passed", 1, "failed", 6, "timeout", 0, "compile_error", 0, "runtime_error", 5));
        assertThat(JSON.convertValue(metrics.get("rejected"), Map.class)).isEqualTo(Map.of("unknown_task", 2, "not_selected", 2));
        assertThat(metrics.get("quarantined").asInt()).isEqualTo(4);

        // the page shows every number of metrics.json it marks, with the chart decoded, and the worst problem first
        String dom = HeadlessChromium.dom(out.resolve("report.html"));
        Map<String, String> shown = HeadlessChromium.metrics(dom);
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        EvalReport.flatten("", metrics, expected);
        assertThat(shown.keySet()).contains("pass_at_k.pass@1", "pass_at_k.pass@10", "languages.js.pass_at_k.pass@10",
                "languages.cpp.status.compile_error", "status.timeout", "languages.python.samples", "rejected.unknown_task");
        shown.forEach((path, text) -> assertThat(text).as(path).isEqualTo(EvalReport.text(expected.get(path))));
        assertThat(dom).contains("data-charts=\"1\"").contains("data-charts-rendered=\"1\"");
        String worst = dom.substring(dom.indexOf("Lowest pass rates"));
        assertThat(worst.indexOf("JavaScript/0")).isLessThan(worst.indexOf("Python/0"));
        assertThat(worst).contains("return false;").contains("return False");
    }

    @Test
    void aSmallModelsCompletionsRunEndToEnd(@TempDir Path dir) throws Exception {
        Path model = smallModel(dir.resolve("model"));
        Path out = dir.resolve("eval");
        Map<String, Object> settings = new HashMap<>();
        settings.put("problems", prepared.toString());
        settings.put("model", model.toString());
        settings.put("output", out.toString());
        settings.put("languages", List.of("python", "js"));
        settings.put("problems-per-language", 3);
        settings.put("samples-per-problem", 2);
        settings.put("max-new-tokens", 6);
        settings.put("temperature", 1.0);
        settings.put("top-p", 1.0);
        // a stop the random model hits: its completions get the closing brace back
        settings.put("stop.js", List.of("e"));
        JsonNode manifest = Jobs.run(new EvalHumanEvalJob(), settings);

        Tokenizer tokenizer = TokenizerFiles.load(model.resolve("tokenizer.json"));
        List<String> tooLong = new ArrayList<>();
        for (Row p : TestSpark.session().read().parquet(prepared.resolve("problems").toString())
                .filter("language in ('python', 'js') and number < 3").collectAsList()) {
            if (tokenizer.encode(p.getAs("prompt"), true).length >= POSITIONS) {
                tooLong.add(p.getAs("task_id"));
            }
        }
        assertThat(tooLong).containsExactlyInAnyOrder("Python/0", "Python/1");
        List<Row> rejected = read(out, "rejected");
        assertThat(rejected).extracting(r -> r.<String>getAs("task_id")).containsExactlyInAnyOrderElementsOf(tooLong);
        assertThat(rejected).extracting(r -> r.<String>getAs("rule")).containsOnly("prompt-too-long");
        int completed = 6 - tooLong.size();
        List<Row> samples = read(out, "samples");
        List<Row> results = read(out, "results");
        assertThat(samples).hasSize(completed * 2);
        assertThat(results).extracting(r -> r.getAs("task_id") + "#" + r.getAs("sample"))
                .containsExactlyInAnyOrderElementsOf(samples.stream().map(r -> r.getAs("task_id") + "#" + r.getAs("sample")).toList());
        assertThat(results).extracting(r -> r.<String>getAs("status")).doesNotContainNull();
        List<Row> stopped = samples.stream().filter(r -> "stop_sequence".equals(r.getAs("finish_reason"))
                && r.getAs("language").equals("js")).toList();
        assertThat(stopped).isNotEmpty().allSatisfy(r -> {
            String completion = r.getAs("completion");
            assertThat(completion).endsWith("\n}");
            assertThat(completion.substring(0, completion.length() - 2)).doesNotContain("e");
        });

        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        assertThat(metrics.get("source").asText()).isEqualTo("model");
        assertThat(metrics.get("problems").asInt()).isEqualTo(completed);
        assertThat(metrics.get("samples").asInt()).isEqualTo(completed * 2);
        long statuses = 0;
        for (JsonNode n : metrics.get("status")) {
            statuses += n.asLong();
        }
        assertThat(statuses).isEqualTo(completed * 2L);
        assertThat(metrics.get("pass_at_k").has("pass@1")).isTrue();
        assertThat(manifest.get("counts").get("problems_in").asInt()).isEqualTo(6);
        assertThat(Files.readString(out.resolve("report.html"))).contains("data-metric=\"pass_at_k.pass@1\"");
    }

    @Test
    void theCommandSaysInOneLineWhatIsWrongWithTheInput() throws Exception {
        Path dir = tmp.resolve("cli");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("samples.txt"), "not a samples file\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int neither = Main.execute(new String[] {"eval", "humaneval", "--problems", prepared.toString(),
                "--output", dir.resolve("a").toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(neither).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                .contains("set either 'model'").contains("got neither");
        err.reset();
        int text = Main.execute(new String[] {"eval", "humaneval", "--problems", prepared.toString(),
                "--samples", dir.resolve("samples.txt").toString(), "--output", dir.resolve("b").toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(text).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("samples.txt is neither JSONL");
        assertThat(dir.resolve("a")).doesNotExist();
        assertThat(dir.resolve("b")).doesNotExist();
    }

    /** Positions of the small model: the JavaScript prompts chosen (83 to 114 GPT-2 tokens) and Python/2 fit, Python/0 and 1 don't. */
    private static final int POSITIONS = 120;

    /** A small random GPT-2 over GPT-2's real vocabulary, saved with its tokenizer. */
    private static Path smallModel(Path dir) throws Exception {
        Path tokenizer = SharedData.path("tokenizers/gpt2/tokenizer.json");
        ModelSpec spec = new ModelSpec(Family.GPT2, TokenizerFiles.load(tokenizer).vocabSize(), POSITIONS, 32, 1, 2, 64,
                1e-5, Nonlinearity.GELU_TANH, true, 0, 0.5, 10000, 0, 0);
        SavedModels.save(ModelGraphs.create(spec, 11, DataType.FLOAT), spec, dir);
        Files.copy(tokenizer, dir.resolve("tokenizer.json"));
        return dir;
    }

    private static List<Row> read(Path out, String table) {
        return TestSpark.session().read().parquet(out.resolve(table).toString()).collectAsList();
    }

    private static List<String> gunzip(Path file) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
