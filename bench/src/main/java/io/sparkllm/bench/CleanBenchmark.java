package io.sparkllm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import io.sparkllm.jobs.clean.CleanJob;
import io.sparkllm.runtime.JobConfigs;
import io.sparkllm.runtime.JobRunner;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bench/run.sh clean [MB] [filter sets]}: cleaning throughput in MB/s per core over the
 * real web documents of ../shared/data/webdocs replicated to at least 200 MB (each copy with new
 * ids, so the copies are exact duplicates the dedup rule must catch), all filters on, beside
 * dolma's published rate for its C4 rules: 122 CPU-hours per TB, about 2.3 MB/s per core. "Per
 * core" is MB per second of the process's CPU time; MB per wall second per core is printed too.
 */
public final class CleanBenchmark {
    /** dolma's published C4-rule cost: 122 CPU-hours per terabyte. */
    static final double DOLMA_MB_PER_S_PER_CORE = 1_000_000.0 / (122 * 3600);

    private CleanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long targetMb = args.length > 0 ? Long.parseLong(args[0]) : 200;
        List<String> sets = args.length > 1 ? List.of(args[1].split(",")) : List.of("roots", "gopher", "c4");
        Path shared = Path.of(System.getenv().getOrDefault("SPARKLLM_SHARED_DATA",
                Path.of(System.getenv("SPARKLLM_ROOT"), "..", "shared", "data").toString()));
        Path work = Files.createTempDirectory("sparkllm-bench-clean");
        try {
            Path input = work.resolve("input");
            long bytes = replicate(shared.resolve("webdocs"), input, targetMb * 1_000_000);
            int cores = Runtime.getRuntime().availableProcessors();
            var config = JobConfigs.effective("clean", List.of(new JobConfigs.Layer("bench", ConfigFactory.parseMap(
                    Map.of("input", List.of(input.toString()), "output", work.resolve("out").toString(),
                            "filters.sets", sets, "progress.interval-seconds", 30)))));
            // Spark's own start-up is not cleaning: start the session before the clock.
            io.sparkllm.runtime.SparkSessions.getOrCreate(config, "clean");
            Map<String, Double> threadsBefore = ProcessThreadsCpu.byKind();
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            JsonNode manifest = new JobRunner(new PrintWriter(System.err, true), new PrintWriter(System.err, true))
                    .run(new CleanJob(), config, false);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
            double mb = bytes / 1e6;
            System.out.printf("input: %.1f MB, %d documents; filter sets %s + exact dedup + PII; %d cores; %.1f s wall, "
                    + "%.1f s process CPU%n", mb, manifest.path("inputs").get(0).path("records").asLong(), sets, cores,
                    seconds, cpuSeconds);
            System.out.printf("stages (s): %s%n", manifest.path("timings").path("stages"));
            Map<String, Double> byKind = ProcessThreadsCpu.since(threadsBefore);
            System.out.printf("process CPU seconds by thread kind: %s%n", byKind);
            // The machine's cores may be shared with other work, so wall time times cores overstates
            // the cost; the process's CPU time is what the job used (GC and JIT included).
            System.out.printf("wall clock: %.2f MB/s per core (%d cores, ratio %.2fx)%n", mb / seconds / cores, cores,
                    mb / seconds / cores / DOLMA_MB_PER_S_PER_CORE);
            double perCpuSecond = mb / cpuSeconds;
            // JIT compilation is a one-off cost that a large input amortises; shown, not hidden.
            double jit = byKind.getOrDefault("jit compilers", 0.0);
            System.out.printf("without JIT compiler threads (%.1f s): %.2f MB/s per core (ratio %.2fx)%n", jit,
                    mb / (cpuSeconds - jit), mb / (cpuSeconds - jit) / DOLMA_MB_PER_S_PER_CORE);
            System.out.printf("clean: %.2f MB/s per core, by process CPU time (peer: dolma C4 rules, published, "
                    + "%.2f MB/s per core, ratio: %.2fx)%n", perCpuSecond, DOLMA_MB_PER_S_PER_CORE,
                    perCpuSecond / DOLMA_MB_PER_S_PER_CORE);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** CPU time of every thread of this JVM (Spark's local executors run in it). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Writes copies of every webdocs record, ids made unique per copy, until the target size is reached. */
    static long replicate(Path webdocs, Path out, long targetBytes) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(webdocs)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        Files.createDirectories(out);
        long written = 0;
        for (int copy = 0; written < targetBytes; copy++) {
            try (BufferedWriter w = Files.newBufferedWriter(out.resolve("webdocs-" + copy + ".jsonl"))) {
                for (String line : lines) {
                    ObjectNode doc = (ObjectNode) json.readTree(line);
                    doc.put("id", doc.path("id").asText() + "#" + copy);
                    String s = json.writeValueAsString(doc);
                    w.write(s);
                    w.write('\n');
                    written += s.getBytes(StandardCharsets.UTF_8).length + 1;
                }
            }
        }
        return written;
    }
}
