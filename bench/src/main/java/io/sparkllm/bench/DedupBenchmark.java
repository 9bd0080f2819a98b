package io.sparkllm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.datasets.dedup.NearDuplicateBenchmark;
import io.sparkllm.datasets.dedup.Shingles;
import io.sparkllm.jobs.dedup.DedupJob;
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
 * {@code bench/run.sh dedup [documents] [--same-jvm]}: sparkllm dedup against Spark MLlib's
 * {@code MinHashLSH.approxSimilarityJoin} on the same generated near-duplicate corpus (real
 * documents from ../shared/data with clusters of edited copies), in one run: wall time, CPU time
 * and pair F1 for both. MLlib's pairs are clustered with the same connected components, so F1
 * compares like with like.
 *
 * <p>Each side runs in a fresh JVM of its own, as a job does in practice: sparkllm with the
 * launchers' JVM flags (submit/lib/jvm-flags), MLlib with the flags this harness always gave it
 * (the Java 17 opens and the throughput collector; {@code SPARKLLM_BENCH_PEER_FLAGS} replaces
 * them). sparkllm also maps a class archive written by a first run, as the local launcher does
 * after a job's first run; {@code SPARKLLM_BENCH_PEER_CDS=1} gives MLlib one made the same way.
 * With {@code --same-jvm} both run one after the other in this JVM instead, sparkllm first, so
 * MLlib starts with Spark's code already compiled.
 */
public final class DedupBenchmark {
    private DedupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = new ArrayList<>(List.of(args));
        boolean sameJvm = options.remove("--same-jvm");
        int target = options.isEmpty() ? 100_000 : Integer.parseInt(options.get(0));
        Path root = Path.of(System.getenv("SPARKLLM_ROOT"));
        Path shared = Path.of(System.getenv().getOrDefault("SPARKLLM_SHARED_DATA",
                root.resolve("..").resolve("shared").resolve("data").toString()));
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
            int documents = docs.size();
            docs = null; // the sides' JVMs need the memory
            Side ours;
            Side peer;
            if (sameJvm) {
                SparkSession spark = SparkSessions.getOrCreate(DedupBenchmarkSide.config(input, work.resolve("ours")),
                        "dedup-bench");
                DedupBenchmarkSide.Measure oursMeasure = DedupBenchmarkSide.measured(() ->
                        new JobRunner(new PrintWriter(System.err, true), new PrintWriter(System.err, true)).run(
                                new DedupJob(), DedupBenchmarkSide.config(input, work.resolve("ours")), false));
                ours = new Side(oursMeasure, NearDuplicateBenchmark.score(truth, predicted(spark, work.resolve("ours"))),
                        "this JVM, first");
                Map<String, String> mllibClusters = new HashMap<>();
                DedupBenchmarkSide.Measure peerMeasure = DedupBenchmarkSide.measured(() ->
                        mllibClusters.putAll(mllib(spark, input, 0.75)));
                peer = new Side(peerMeasure, NearDuplicateBenchmark.score(truth, mllibClusters), "this JVM, second");
            } else {
                List<String> opens = Files.readAllLines(root.resolve("submit/lib/java17-opens"));
                List<String> oursFlags = new ArrayList<>(opens);
                oursFlags.addAll(Files.readAllLines(root.resolve("submit/lib/jvm-flags")));
                List<String> peerFlags = new ArrayList<>(opens);
                String peerOverride = System.getenv("SPARKLLM_BENCH_PEER_FLAGS");
                peerFlags.addAll(peerOverride != null ? List.of(peerOverride.trim().split("\\s+"))
                        : List.of("-XX:+UseParallelGC"));
                boolean peerArchive = "1".equals(System.getenv("SPARKLLM_BENCH_PEER_CDS"));
                ours = side("ours", oursFlags, true, input, work, truth, json);
                peer = side("mllib", peerFlags, peerArchive, input, work, truth, json);
            }
            report(documents, originals.size(), copies, ours, peer);
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

    /** One side's measurement, pair score, and how it ran. */
    private record Side(DedupBenchmarkSide.Measure measure, NearDuplicateBenchmark.Score score, String how) {
    }

    /**
     * Runs one side in a fresh JVM with the given flags and reads back what it measured and found.
     * With {@code classArchive} the side first runs once on the corpus's first documents and writes
     * the classes it loaded to an archive that the measured JVM maps (class data sharing), as the
     * local launcher does for every job after its first run.
     */
    private static Side side(String name, List<String> flags, boolean classArchive, Path input, Path work,
                             Map<String, String> truth, ObjectMapper json) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        List<String> measured = new ArrayList<>(flags);
        if (classArchive) {
            Path archive = work.resolve(name + ".jsa");
            Path sample = work.resolve(name + "-warm-up.jsonl");
            try (Stream<String> lines = Files.lines(input)) {
                Files.write(sample, lines.limit(3_000).toList());
            }
            List<String> writing = new ArrayList<>(flags);
            writing.add("-XX:ArchiveClassesAtExit=" + archive);
            launch(name, writing, sample, Files.createDirectories(work.resolve(name + "-warm-up")));
            if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
                throw new IllegalStateException(name + ": the first run wrote no class archive (" + archive + ")");
            }
            // -Xshare:on: a JVM that cannot map the archive stops instead of running without it.
            measured.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-Xlog:cds=off,cds+dynamic=off",
                    "-Xlog:cds=warning,cds+dynamic=warning:stderr"));
        }
        launch(name, measured, input, dir);
        Map<String, String> clusters = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("clusters.tsv"))) {
            int tab = line.indexOf('\t');
            clusters.put(line.substring(0, tab), line.substring(tab + 1));
        }
        DedupBenchmarkSide.Measure measure = json.readValue(dir.resolve("measure.json").toFile(),
                DedupBenchmarkSide.Measure.class);
        System.err.printf("%s: %.1f s, %.1f CPU s%n", name, measure.wall(), measure.cpu());
        return new Side(measure, NearDuplicateBenchmark.score(truth, clusters), "own JVM: " + String.join(" ",
                flags.stream().filter(f -> !f.isBlank() && !f.startsWith("--add-opens")).toList())
                + (classArchive ? ", a class archive from a first run on 3,000 of the documents" : ""));
    }

    /** One JVM of a side on {@code input}, writing what it measured and found to {@code dir}. */
    private static void launch(String name, List<String> flags, Path input, Path dir) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx10g"));
        flags.stream().filter(f -> !f.isBlank()).map(String::trim).forEach(command::add);
        command.add("-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DedupBenchmarkSide.class.getName(), name,
                input.toString(), dir.toString()));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(name + " failed (exit " + process.exitValue() + ")");
        }
    }

    private static void report(int documents, int originals, int copies, Side ours, Side peer) {
        DedupBenchmarkSide.Measure o = ours.measure();
        DedupBenchmarkSide.Measure p = peer.measure();
        System.out.printf("corpus: %d documents (%d originals, %d copies each, Jaccard to original >= 0.8); "
                + "%d true pairs; %d cores%n", documents, originals, copies, ours.score().truePairs(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf("sparkllm (%s): %.1f s (%.1f CPU s), precision %.4f, recall %.4f, F1 %.4f%n", ours.how(),
                o.wall(), o.cpu(), ours.score().precision(), ours.score().recall(), ours.score().f1());
        System.out.printf("MLlib MinHashLSH, 5 tables, Jaccard >= 0.75 (%s): %.1f s (%.1f CPU s), precision %.4f, "
                + "recall %.4f, F1 %.4f%n", peer.how(), p.wall(), p.cpu(), peer.score().precision(),
                peer.score().recall(), peer.score().f1());
        // Threads that ended during a run (idle task threads, compiler threads the JVM retired) are missing here.
        System.out.printf("CPU s by thread kind: sparkllm %s; MLlib %s%n", o.threads(), p.threads());
        System.out.printf("machine load (1-minute average): sparkllm %.1f before, %.1f after; MLlib %.1f before, "
                + "%.1f after%n", o.loadBefore(), o.loadAfter(), p.loadBefore(), p.loadAfter());
        System.out.printf("CPU time ratio (robust when the machine is shared): %.2fx less%n", p.cpu() / o.cpu());
        System.out.printf("dedup: %.1f s, F1 %.4f (peer: MLlib MinHashLSH %.1f s, F1 %.4f, ratio: %.2fx faster)%n",
                o.wall(), ours.score().f1(), p.wall(), peer.score().f1(), p.wall() / o.wall());
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
