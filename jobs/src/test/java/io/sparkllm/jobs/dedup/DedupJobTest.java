package io.sparkllm.jobs.dedup;

import io.sparkllm.testing.Jobs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.datasets.dedup.Shingles;
import io.sparkllm.testing.TestSpark;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hex;
import static org.assertj.core.api.Assertions.assertThat;

class DedupJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    private static JsonNode dedup(Map<String, Object> settings) throws Exception {
        return Jobs.run(new DedupJob(), settings);
    }

    /** id to cluster: kept documents are their own cluster unless they represent one. */
    private static Map<String, String> clusters(Path out) {
        Map<String, String> cluster = new HashMap<>();
        for (Row r : TestSpark.session().read().parquet(out.resolve("kept").toString()).select("id").collectAsList()) {
            cluster.put(r.getString(0), r.getString(0));
        }
        for (Row r : TestSpark.session().read().parquet(out.resolve("duplicates").toString())
                .select("id", "representative_id").collectAsList()) {
            cluster.put(r.getString(0), r.getString(1));
        }
        return cluster;
    }

    @Test
    void plantedCopiesAreClusteredAndDistinctDocumentsKept(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("sample");
        Jobs.writeSample(data, 20240611, 600);
        Path out = tmp.resolve("dedup");
        JsonNode manifest = dedup(Map.of("input", List.of(data.resolve("webdocs").toString()), "output", out.toString()));
        Map<String, String> cluster = clusters(out);

        Map<String, String> texts = new HashMap<>();
        for (String line : new String(Files.readAllBytes(data.resolve("webdocs/sample_web.jsonl")),
                java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            try {
                JsonNode d = JSON.readTree(line);
                if (d.hasNonNull("text")) {
                    texts.put(d.get("id").asText(), d.get("text").asText());
                }
            } catch (Exception unreadable) {
                // the planted bad records
            }
        }
        for (String line : new String(new java.util.zip.GZIPInputStream(Files.newInputStream(
                data.resolve("webdocs/sample_web_more.jsonl.gz"))).readAllBytes()).split("\n")) {
            JsonNode d = JSON.readTree(line);
            texts.put(d.get("id").asText(), d.get("text").asText());
        }
        Shingles shingles = new Shingles(Shingles.Unit.WORD, 5);
        int exact = 0;
        int exactFound = 0;
        int close = 0;
        int closeFound = 0;
        java.util.Set<String> originals = new java.util.HashSet<>();
        for (String line : Files.readAllLines(data.resolve("truth/webdocs.jsonl"))) {
            JsonNode t = JSON.readTree(line);
            String kind = t.get("kind").asText();
            if (!kind.equals("exact_duplicate") && !kind.equals("near_duplicate")) {
                continue;
            }
            String id = t.get("id").asText();
            String of = t.get("of").asText();
            originals.add(of);
            boolean together = cluster.get(id).equals(cluster.get(of));
            if (kind.equals("exact_duplicate")) {
                exact++;
                exactFound += together ? 1 : 0;
            } else if (Shingles.jaccard(shingles.of(texts.get(id)), shingles.of(texts.get(of))) >= 0.85) {
                close++;
                closeFound += together ? 1 : 0;
            }
        }
        assertThat(exact).isPositive();
        assertThat(exactFound).as("exact copies clustered").isEqualTo(exact);
        if (close > 0) {
            assertThat((double) closeFound / close).as("copies at Jaccard >= 0.85 clustered").isGreaterThanOrEqualTo(0.9);
        }

        // Clean documents that nobody copied stay alone.
        long alone = 0;
        long cleanUncopied = 0;
        for (String line : Files.readAllLines(data.resolve("truth/webdocs.jsonl"))) {
            JsonNode t = JSON.readTree(line);
            String id = t.get("id").asText();
            if (t.get("kind").asText().equals("clean") && !originals.contains(id)) {
                cleanUncopied++;
                alone += cluster.get(id).equals(id) && cluster.values().stream().filter(id::equals).count() == 1 ? 1 : 0;
            }
        }
        assertThat((double) alone / cleanUncopied).as("distinct documents kept alone").isGreaterThan(0.95);

        JsonNode stats = JSON.readTree(out.resolve("stats.json").toFile());
        assertThat(stats.path("kept").asLong() + stats.path("duplicates").asLong())
                .isEqualTo(stats.path("documents").asLong());
        assertThat(stats.path("clusters").asLong()).isPositive();
        assertThat(stats.path("unreadable_skipped").asLong()).isEqualTo(manifest.path("inputs").get(0)
                .path("records").asLong() - stats.path("documents").asLong());

        // Same output whatever the partitioning.
        String partitions = TestSpark.session().conf().get("spark.sql.shuffle.partitions");
        TestSpark.session().conf().set("spark.sql.shuffle.partitions", "7");
        try {
            dedup(Map.of("input", List.of(data.resolve("webdocs").toString()), "output", tmp.resolve("again").toString()));
        } finally {
            TestSpark.session().conf().set("spark.sql.shuffle.partitions", partitions);
        }
        for (String output : List.of("kept", "duplicates", "index")) {
            assertThat(rows(tmp.resolve("again").resolve(output))).as(output).isEqualTo(rows(out.resolve(output)));
        }
    }

    /** An output's rows in the order its files hold them, binary columns as hex. */
    private static List<String> rows(Path output) {
        Dataset<Row> rows = TestSpark.session().read().parquet(output.toString());
        Column[] columns = Arrays.stream(rows.schema().fields()).map(f -> f.dataType().equals(DataTypes.BinaryType)
                ? hex(col(f.name())) : col(f.name())).toArray(Column[]::new);
        return rows.select(columns).collectAsList().stream().map(Row::toString).toList();
    }

    @Test
    void anOversizedBucketIsSplitAndReported(@TempDir Path tmp) throws Exception {
        StringBuilder lines = new StringBuilder();
        String boilerplate = "welcome to our site please read the terms and enjoy your stay here today";
        for (int i = 0; i < 60; i++) {
            lines.append(JSON.writeValueAsString(Map.of("id", "b" + i, "text", boilerplate))).append('\n');
        }
        Path input = tmp.resolve("b.jsonl");
        Files.writeString(input, lines);
        Path out = tmp.resolve("dedup");
        dedup(Map.of("input", List.of(input.toString()), "output", out.toString(), "max-bucket-size", 10));
        JsonNode stats = JSON.readTree(out.resolve("stats.json").toFile());
        assertThat(stats.path("oversized_buckets").asLong()).isEqualTo(14);
        assertThat(stats.path("largest_bucket").asLong()).isEqualTo(60);
        // Split buckets still join up through the other bands' chunks into few clusters.
        assertThat(stats.path("kept").asLong()).isLessThan(60);
    }

    @Test
    void realDocumentsEditedSlightlyAreFoundAndTheRestKept(@TempDir Path tmp) throws Exception {
        List<String> docs = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(io.sparkllm.testing.SharedData.path("webdocs/llamafactory_c4_demo_en.jsonl"))) {
            docs.add(JSON.readTree(line).get("text").asText());
        }
        java.util.Random random = new java.util.Random(11);
        Shingles shingles = new Shingles(Shingles.Unit.WORD, 5);
        StringBuilder lines = new StringBuilder();
        Map<String, String> copyOf = new HashMap<>();
        Map<String, Double> jaccard = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            lines.append(JSON.writeValueAsString(Map.of("id", "d" + i, "text", docs.get(i)))).append('\n');
            List<String> words = new java.util.ArrayList<>(List.of(docs.get(i).split(" ")));
            if (i % 3 == 0 && words.size() > 150) {
                // one word swapped out near the end: a near-duplicate with a known, high Jaccard
                words.set(words.size() - 2, "changed");
                String copy = String.join(" ", words);
                lines.append(JSON.writeValueAsString(Map.of("id", "c" + i, "text", copy))).append('\n');
                copyOf.put("c" + i, "d" + i);
                jaccard.put("c" + i, Shingles.jaccard(shingles.of(copy), shingles.of(docs.get(i))));
            }
        }
        Path input = tmp.resolve("docs.jsonl");
        Files.writeString(input, lines);
        Path out = tmp.resolve("dedup");
        dedup(Map.of("input", List.of(input.toString()), "output", out.toString()));
        Map<String, String> cluster = clusters(out);
        assertThat(copyOf).hasSizeGreaterThan(20);
        long found = copyOf.entrySet().stream().filter(e -> cluster.get(e.getKey()).equals(cluster.get(e.getValue())))
                .count();
        assertThat(jaccard.values()).allMatch(j -> j > 0.9);
        assertThat(found).as("near-duplicates at Jaccard > 0.9 found").isEqualTo(copyOf.size());
        // Every original with no copy stays alone.
        long wronglyMerged = 0;
        for (int i = 0; i < docs.size(); i++) {
            if (!copyOf.containsValue("d" + i)) {
                String id = "d" + i;
                long members = cluster.values().stream().filter(cluster.get(id)::equals).count();
                wronglyMerged += members > 1 ? 1 : 0;
            }
        }
        assertThat(wronglyMerged).as("distinct documents merged").isLessThanOrEqualTo(2);
    }

    @Test
    void generatedNearDuplicatesOfRealDocumentsAreFoundWithHighF1(@TempDir Path tmp) throws Exception {
        List<String> originals = new java.util.ArrayList<>();
        for (String file : List.of("webdocs/llamafactory_c4_demo_en.jsonl", "webdocs/turku_register/fr.jsonl",
                "webdocs/turku_register/pt.jsonl", "webdocs/dolma_cc_en.jsonl")) {
            for (String line : Files.readAllLines(io.sparkllm.testing.SharedData.path(file))) {
                originals.add(JSON.readTree(line).get("text").asText());
            }
        }
        List<io.sparkllm.datasets.dedup.NearDuplicateBenchmark.Doc> docs =
                new io.sparkllm.datasets.dedup.NearDuplicateBenchmark(5).generate(originals, 0.3, 3, 0.8);
        StringBuilder lines = new StringBuilder();
        Map<String, String> truth = new HashMap<>();
        for (var d : docs) {
            lines.append(JSON.writeValueAsString(Map.of("id", d.id(), "text", d.text()))).append('\n');
            truth.put(d.id(), d.cluster());
        }
        assertThat(docs.stream().filter(d -> !d.id().equals(d.cluster())).mapToDouble(d -> d.jaccard()).min()
                .orElseThrow()).isGreaterThanOrEqualTo(0.8);
        Path input = tmp.resolve("bench.jsonl");
        Files.writeString(input, lines);
        Path out = tmp.resolve("dedup");
        dedup(Map.of("input", List.of(input.toString()), "output", out.toString()));
        var score = io.sparkllm.datasets.dedup.NearDuplicateBenchmark.score(truth, clusters(out));
        System.out.printf("near-duplicate quality: %d docs, %d true pairs, precision %.4f, recall %.4f, F1 %.4f%n",
                docs.size(), score.truePairs(), score.precision(), score.recall(), score.f1());
        assertThat(score.truePairs()).isGreaterThan(500);
        assertThat(score.f1()).isGreaterThanOrEqualTo(0.95);
    }

    private static java.util.Set<String> ids(Path dir) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        if (Files.isDirectory(dir)) {
            TestSpark.session().read().parquet(dir.toString()).select("id").collectAsList()
                    .forEach(r -> out.add(r.getString(0)));
        }
        return out;
    }

    @Test
    void anIncrementalRunAgainstTheIndexEqualsAFullRun(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("sample");
        Jobs.writeSample(data, 99, 600);
        Path a = data.resolve("webdocs/sample_web.jsonl");
        Path b = data.resolve("webdocs/sample_web_more.jsonl.gz");
        dedup(Map.of("input", List.of(a.toString(), b.toString()), "output", tmp.resolve("full").toString()));
        dedup(Map.of("input", List.of(a.toString()), "output", tmp.resolve("first").toString()));
        JsonNode second = dedup(Map.of("input", List.of(b.toString()), "output", tmp.resolve("second").toString(),
                "index", List.of(tmp.resolve("first/index").toString())));

        java.util.Set<String> keptIncrementally = new java.util.TreeSet<>(ids(tmp.resolve("first/kept")));
        keptIncrementally.removeAll(ids(tmp.resolve("second/retracted")));
        keptIncrementally.addAll(ids(tmp.resolve("second/kept")));
        assertThat(keptIncrementally).isEqualTo(ids(tmp.resolve("full/kept")));

        java.util.Set<String> removedIncrementally = new java.util.TreeSet<>(ids(tmp.resolve("first/duplicates")));
        removedIncrementally.addAll(ids(tmp.resolve("second/duplicates")));
        removedIncrementally.addAll(ids(tmp.resolve("second/retracted")));
        assertThat(removedIncrementally).isEqualTo(ids(tmp.resolve("full/duplicates")));
        // The copies in the second batch of documents from the first are found through the index.
        assertThat(ids(tmp.resolve("second/duplicates"))).isNotEmpty();
        JsonNode stats = JSON.readTree(tmp.resolve("second/stats.json").toFile());
        assertThat(stats.path("index_documents").asLong()).isEqualTo(ids(tmp.resolve("first/kept")).size()
                + ids(tmp.resolve("first/duplicates")).size());
        assertThat(second.path("outputs")).isNotEmpty();
    }
}
