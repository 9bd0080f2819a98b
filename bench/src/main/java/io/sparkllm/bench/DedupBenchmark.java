package io.sparkllm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.sparkllm.datasets.dedup.NearDuplicateBenchmark;
import io.sparkllm.datasets.dedup.Shingles;
import io.sparkllm.jobs.dedup.DedupJob;
import io.sparkllm.runtime.JobConfigs;
import io.sparkllm.runtime.JobRunner;
import io.sparkllm.runtime.SparkSessions;
import org.apache.spark.ml.feature.MinHashLSH;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;

/**
 * {@code bench/run.sh dedup [documents]}: sparkllm dedup against Spark MLlib's
 * {@code MinHashLSH.approxSimilarityJoin} on the same generated near-duplicate corpus (real
 * documents from ../shared/data with clusters of edited copies), in one run: wall time and pair F1
 * for both. MLlib's pairs are clustered with the same connected components, so F1 compares like
 * with like.
 */
public final class DedupBenchmark {
    private DedupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int target = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path shared = Path.of(System.getenv().getOrDefault("SPARKLLM_SHARED_DATA",
                Path.of(System.getenv("SPARKLLM_ROOT"), "..", "shared", "data").toString()));
        Path work = Files.createTempDirectory("sparkllm-bench-dedup");
        ObjectMapper json = new ObjectMapper();
        try {
            List<String> originals = originals(shared, json);
            int copies = Math.max(1, (int) Math.ceil((double) target / originals.size()) - 1);
            List<NearDuplicateBenchmark.Doc> docs = new NearDuplicateBenchmark(7).generate(originals, 1.0, copies, 0.8);
            Map<String, String> truth = new HashMap<>();
            Path input = work.resolve("docs.jsonl");
            try (BufferedWriter w = Files.newBufferedWriter(input)) {
                for (NearDuplicateBenchmark.Doc d : docs) {
                    w.write(json.writeValueAsString(Map.of("id", d.id(), "text", d.text())));
                    w.write('\n');
                    truth.put(d.id(), d.cluster());
                }
            }
            var config = JobConfigs.effective("dedup", List.of(new JobConfigs.Layer("bench", ConfigFactory.parseMap(
                    Map.of("input", List.of(input.toString()), "output", work.resolve("ours").toString(),
                            "progress.interval-seconds", 60)))));
            SparkSession spark = SparkSessions.getOrCreate(config, "dedup-bench");

            double loadBefore = loadAverage();
            Map<String, Double> threadsBefore = ProcessThreadsCpu.byKind();
            long start = System.nanoTime();
            double cpuStart = processCpuSeconds();
            new JobRunner(new PrintWriter(System.err, true), new PrintWriter(System.err, true))
                    .run(new DedupJob(), config, false);
            double ours = (System.nanoTime() - start) / 1e9;
            double oursCpu = processCpuSeconds() - cpuStart;
            Map<String, Double> oursThreads = ProcessThreadsCpu.since(threadsBefore);
            NearDuplicateBenchmark.Score ourScore = NearDuplicateBenchmark.score(truth, predicted(spark, work.resolve("ours")));

            threadsBefore = ProcessThreadsCpu.byKind();
            start = System.nanoTime();
            cpuStart = processCpuSeconds();
            Map<String, String> mllibClusters = mllib(spark, input, 0.75);
            double peer = (System.nanoTime() - start) / 1e9;
            double peerCpu = processCpuSeconds() - cpuStart;
            Map<String, Double> peerThreads = ProcessThreadsCpu.since(threadsBefore);
            NearDuplicateBenchmark.Score peerScore = NearDuplicateBenchmark.score(truth, mllibClusters);

            System.out.printf("corpus: %d documents (%d originals, %d copies each, Jaccard to original >= 0.8); "
                    + "%d true pairs; %d cores%n", docs.size(), originals.size(), copies, ourScore.truePairs(),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("sparkllm: %.1f s (%.1f CPU s), precision %.4f, recall %.4f, F1 %.4f%n", ours, oursCpu,
                    ourScore.precision(), ourScore.recall(), ourScore.f1());
            System.out.printf("MLlib MinHashLSH (5 tables, Jaccard >= 0.75): %.1f s (%.1f CPU s), precision %.4f, "
                    + "recall %.4f, F1 %.4f%n", peer, peerCpu, peerScore.precision(), peerScore.recall(), peerScore.f1());
            // sparkllm runs first, in a cold JVM: the JIT compiles Spark's shared code on its time, and MLlib reuses it.
            System.out.printf("CPU s by thread kind: sparkllm %s; MLlib %s%n", oursThreads, peerThreads);
            System.out.printf("machine load (1-minute average): %.1f before, %.1f after%n", loadBefore, loadAverage());
            System.out.printf("CPU time ratio (robust when the machine is shared): %.2fx less%n", peerCpu / oursCpu);
            System.out.printf("dedup: %.1f s, F1 %.4f (peer: MLlib MinHashLSH %.1f s, F1 %.4f, ratio: %.2fx faster)%n",
                    ours, ourScore.f1(), peer, peerScore.f1(), peer / ours);
        } finally {
            if (System.getenv("SPARKLLM_BENCH_KEEP") != null) {
                System.err.println("kept " + work);
                return;
            }
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
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

    /**
     * The web documents (the register sets, dolma, C4 demo; the text-quality sets are left out: they
     * share documents with the register sets) and Tiny Shakespeare in 40-line pieces, each cut to
     * its first 300 words, with repeats of a normalised text dropped, so the originals are distinct.
     */
    static List<String> originals(Path shared, ObjectMapper json) throws Exception {
        List<String> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (Stream<Path> files = Files.walk(shared.resolve("webdocs"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl") && !p.toString().contains("textquality"))
                    .sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    String text = firstWords(json.readTree(line).get("text").asText(), 300);
                    if (seen.add(Shingles.normalize(text))) {
                        out.add(text);
                    }
                }
            }
        }
        List<String> play = Files.readAllLines(shared.resolve("tinyshakespeare/input.txt"));
        for (int i = 0; i + 40 <= play.size(); i += 40) {
            out.add(String.join("\n", play.subList(i, i + 40)));
        }
        return out;
    }

    private static String firstWords(String text, int n) {
        String[] words = text.trim().split("\\s+");
        return words.length <= n ? text : String.join(" ", Arrays.asList(words).subList(0, n));
    }

    static Map<String, String> predicted(SparkSession spark, Path out) {
        Map<String, String> cluster = new HashMap<>();
        for (Row r : spark.read().parquet(out.resolve("kept").toString()).select("id").collectAsList()) {
            cluster.put(r.getString(0), r.getString(0));
        }
        for (Row r : spark.read().parquet(out.resolve("duplicates").toString()).select("id", "representative_id")
                .collectAsList()) {
            cluster.put(r.getString(0), r.getString(1));
        }
        return cluster;
    }

    /** MLlib: binary shingle vectors, MinHashLSH, self-join within Jaccard distance, then connected components. */
    static Map<String, String> mllib(SparkSession spark, Path input, double jaccard) {
        Shingles shingles = new Shingles(Shingles.Unit.WORD, 5);
        int dims = 1 << 22;
        StructType schema = new StructType().add("id", DataTypes.StringType).add("node", DataTypes.LongType)
                .add("features", SQLDataTypes.VectorType());
        Dataset<Row> docs = spark.read().json(input.toString());
        Dataset<Row> vectors = spark.createDataFrame(docs.javaRDD().zipWithIndex().map(t -> {
            long[] hashes = shingles.of(t._1().getString(t._1().fieldIndex("text")));
            int[] idx = Arrays.stream(hashes).mapToInt(h -> (int) Math.floorMod(h, (long) dims)).distinct().sorted()
                    .toArray();
            if (idx.length == 0) {
                idx = new int[] {0};
            }
            double[] ones = new double[idx.length];
            Arrays.fill(ones, 1.0);
            return RowFactory.create(t._1().getString(t._1().fieldIndex("id")), t._2(), Vectors.sparse(dims, idx, ones));
        }), schema).cache();
        MinHashLSHModel model = new MinHashLSH().setNumHashTables(5).setInputCol("features").setOutputCol("hashes")
                .setSeed(1).fit(vectors);
        Dataset<?> pairs = model.approxSimilarityJoin(vectors, vectors, 1 - jaccard, "distance");
        // Only the pair ids are needed: asking for them distinct lets Spark drop approxSimilarityJoin's own
        // distinct over whole rows (both documents' vectors, shuffled and spilled), the cheapest way to use it.
        Dataset<Row> edges = pairs.select(col("datasetA.node").as("src"), col("datasetB.node").as("dst"))
                .filter(col("src").lt(col("dst"))).distinct();
        Dataset<Row> labels = io.sparkllm.jobs.dedup.ComponentsForBench.labels(edges);
        Map<Long, Long> label = new HashMap<>();
        for (Row r : labels.collectAsList()) {
            label.put(r.getLong(0), r.getLong(1));
        }
        Map<Long, String> idOf = new HashMap<>();
        for (Row r : vectors.select("node", "id").collectAsList()) {
            idOf.put(r.getLong(0), r.getString(1));
        }
        Map<String, String> cluster = new HashMap<>();
        idOf.forEach((node, id) -> cluster.put(id, idOf.get(label.getOrDefault(node, node))));
        vectors.unpersist();
        return cluster;
    }
}
