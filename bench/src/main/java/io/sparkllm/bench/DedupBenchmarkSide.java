package io.sparkllm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sparkllm.jobs.dedup.DedupJob;
import io.sparkllm.runtime.JobConfigs;
import io.sparkllm.runtime.JobRunner;
import io.sparkllm.runtime.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One side of the dedup benchmark in a JVM of its own, as each would run in practice:
 * {@code DedupBenchmarkSide ours|mllib INPUT WORKDIR}. Starts Spark, then measures only the
 * deduplication (wall time, CPU time of the whole JVM, CPU by thread kind, machine load), and
 * writes {@code measure.json} and the clustering ({@code clusters.tsv}: id, cluster) to WORKDIR.
 */
public final class DedupBenchmarkSide {
    private DedupBenchmarkSide() {
    }

    /** What one side measured. */
    record Measure(double wall, double cpu, Map<String, Double> threads, double loadBefore, double loadAfter) {
    }

    public static void main(String[] args) throws Exception {
        String side = args[0];
        Path input = Path.of(args[1]);
        Path work = Path.of(args[2]);
        Config config = config(input, work.resolve("ours"));
        SparkSession spark = SparkSessions.getOrCreate(config, "dedup-bench-" + side);
        Map<String, String> clusters = new LinkedHashMap<>();
        Measure measure = measured(() -> {
            if (side.equals("ours")) {
                new JobRunner(new PrintWriter(System.err, true), new PrintWriter(System.err, true))
                        .run(new DedupJob(), config, false);
            } else {
                clusters.putAll(DedupBenchmark.mllib(spark, input, 0.75));
            }
        });
        if (side.equals("ours")) {
            clusters.putAll(DedupBenchmark.predicted(spark, work.resolve("ours")));
        }
        try (BufferedWriter w = Files.newBufferedWriter(work.resolve("clusters.tsv"))) {
            for (Map.Entry<String, String> e : clusters.entrySet()) {
                w.write(e.getKey() + "\t" + e.getValue() + "\n");
            }
        }
        new ObjectMapper().writeValue(work.resolve("measure.json").toFile(), measure);
        spark.stop();
    }

    /** The dedup job's settings for the benchmark: the input, an output, progress lines rarely. */
    static Config config(Path input, Path output) {
        return JobConfigs.effective("dedup", List.of(new JobConfigs.Layer("bench", ConfigFactory.parseMap(
                Map.of("input", List.of(input.toString()), "output", output.toString(),
                        "progress.interval-seconds", 60)))));
    }

    /** Runs {@code work} and measures it. */
    static Measure measured(Work work) throws Exception {
        double loadBefore = loadAverage();
        Map<String, Double> threadsBefore = ProcessThreadsCpu.byKind();
        long start = System.nanoTime();
        double cpuStart = processCpuSeconds();
        work.run();
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = processCpuSeconds() - cpuStart;
        return new Measure(wall, cpu, ProcessThreadsCpu.since(threadsBefore), loadBefore, loadAverage());
    }

    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /** CPU time of this whole JVM (driver and local executors), which other load on the machine barely moves. */
    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** The system's 1-minute load average: other work competing for the cores. */
    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
