package io.sparkllm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.sparkllm.jobs.humaneval.HumanEvalExecJob;
import io.sparkllm.jobs.humaneval.HumanEvalPrepJob;
import io.sparkllm.runtime.Job;
import io.sparkllm.runtime.JobConfigs;
import io.sparkllm.runtime.JobRunner;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bench/run.sh humaneval-canonical [languages]}: humaneval-prep, then humaneval-exec over
 * every canonical solution of the chosen HumanEval-X languages twice: in the bubblewrap sandbox, and
 * with the same limits but without bubblewrap (limits-only: no namespaces). Prints pass counts per
 * language, the problems that did not pass, and programs per second for both.
 */
public final class HumanEvalCanonicalBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HumanEvalCanonicalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> languages = Arrays.asList((args.length > 0 ? args[0] : "python,cpp,java,js,go").split(","));
        Path shared = Path.of(System.getenv().getOrDefault("SPARKLLM_SHARED_DATA",
                Path.of(System.getenv("SPARKLLM_ROOT"), "..", "shared", "data").toString()));
        Path work = Files.createTempDirectory("sparkllm-bench-humaneval");
        try {
            Path problems = work.resolve("problems");
            run(new HumanEvalPrepJob(), Map.of("input", List.of(shared.resolve("humaneval-x") + "/*.jsonl.gz",
                    shared.resolve("humaneval/HumanEval.jsonl.gz").toString()), "output", problems.toString()));
            // warm-up: Spark, the JIT and the per-JVM Go build cache, outside the timed runs
            exec(problems, work.resolve("warm-up"), languages, "bwrap", 1);
            JsonNode sandboxed = exec(problems, work.resolve("bwrap"), languages, "bwrap", 0);
            report("with bubblewrap", sandboxed, work.resolve("bwrap"));
            JsonNode bare = exec(problems, work.resolve("limits-only"), languages, "limits-only", 0);
            report("without bubblewrap (limits only)", bare, work.resolve("limits-only"));
            double ours = sandboxed.get("programs_per_second").asDouble();
            double peer = bare.get("programs_per_second").asDouble();
            System.out.printf("humaneval-canonical: %.2f programs/s, %d/%d passed (peer: the same programs without "
                            + "bubblewrap %.2f programs/s, ratio: %.2fx)%n", ours, passed(sandboxed),
                    sandboxed.get("samples").asLong(), peer, ours / peer);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static JsonNode exec(Path problems, Path out, List<String> languages, String mode, int perLanguage)
            throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of("problems", problems.toString(), "output", out.toString(),
                "languages", languages, "problems-per-language", perLanguage, "sandbox.mode", mode));
        run(new HumanEvalExecJob(), settings);
        return JSON.readTree(out.resolve("stats.json").toFile());
    }

    private static void run(Job job, Map<String, Object> settings) throws Exception {
        Map<String, Object> all = new HashMap<>(settings);
        all.put("progress.interval-seconds", 60);
        var config = JobConfigs.effective(job.name(), List.of(new JobConfigs.Layer("bench", ConfigFactory.parseMap(all))));
        new JobRunner(new PrintWriter(System.err, true), new PrintWriter(System.err, true)).run(job, config, false);
    }

    private static long passed(JsonNode stats) {
        long passed = 0;
        for (JsonNode language : stats.get("languages")) {
            passed += language.get("status").path("passed").asLong();
        }
        return passed;
    }

    private static void report(String label, JsonNode stats, Path out) {
        System.out.printf("%s: %d programs in %.1f s, %.2f programs/s, %d cores%n", label,
                stats.get("samples").asLong(), stats.get("seconds").asDouble(),
                stats.get("programs_per_second").asDouble(), Runtime.getRuntime().availableProcessors());
        stats.get("languages").fields().forEachRemaining(e -> System.out.printf(
                "  %-9s %3d/%d passed  %6.1f s of program steps  %s%n", e.getKey(),
                e.getValue().get("status").path("passed").asLong(), e.getValue().get("samples").asLong(),
                e.getValue().get("program_seconds").asDouble(), e.getValue().get("status")));
        for (Row r : SparkSession.active().read().parquet(out.resolve("results").toString())
                .filter("status <> 'passed'").collectAsList()) {
            String excerpt = r.<String>getAs("stderr_excerpt").strip().replace('\n', ' ');
            System.out.printf("  not passed: %s %s: %s%n", r.getAs("task_id"), r.getAs("status"),
                    excerpt.length() > 120 ? excerpt.substring(0, 120) : excerpt);
        }
    }
}
