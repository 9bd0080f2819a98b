package io.sparkllm.jobs.pairs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.cli.Main;
import io.sparkllm.testing.Jobs;
import io.sparkllm.testing.SharedData;
import io.sparkllm.testing.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class PairsJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    private static JsonNode pairs(Map<String, Object> settings) throws Exception {
        return Jobs.run(new PairsJob(), settings);
    }

    private static Dataset<Row> parquet(Path dir) {
        return TestSpark.session().read().parquet(dir.toString());
    }

    /** rows in = kept + rejected + quarantined, from the manifest's input count and the files written. */
    private static void assertAccounting(JsonNode manifest, Path out) {
        long in = manifest.path("inputs").get(0).path("records").asLong();
        long kept = parquet(out.resolve("pairs")).count();
        long rejected = parquet(out.resolve("rejected")).count();
        long quarantined = parquet(out.resolve("quarantine")).count();
        assertThat(kept + rejected + quarantined).as("rows in = kept + rejected + quarantined").isEqualTo(in);
    }

    private static List<String> gzLines(Path file) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            return r.lines().toList();
        }
    }

    /** rule name to failed-rule rows: (src, tgt, split, value, threshold). */
    private static Map<String, List<Row>> failuresByRule(Path out) {
        Map<String, List<Row>> byRule = new HashMap<>();
        for (Row r : parquet(out.resolve("rejected"))
                .selectExpr("src", "tgt", "split", "explode(failures) AS f")
                .selectExpr("f.rule", "src", "tgt", "split", "f.value", "f.threshold").collectAsList()) {
            byRule.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
        }
        return byRule;
    }

    @Test
    void multi30kKeepsItsSplitsAndEveryDropIsReCheckedIndependently(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("m30k");
        JsonNode manifest = pairs(Map.of("input", List.of(SharedData.path("multi30k").toString()),
                "output", out.toString()));
        assertAccounting(manifest, out);
        assertThat(manifest.path("inputs").get(0).path("records").asLong()).isEqualTo(31014);

        // The raw files, read here without the job's code, in the duplicate rule's order: test, valid, train.
        Map<String, String> files = new LinkedHashMap<>();
        files.put("test", "test_2016_flickr");
        files.put("valid", "val");
        files.put("train", "train");
        Set<String> seen = new HashSet<>();
        Set<String> laterCopies = new HashSet<>();
        for (Map.Entry<String, String> split : files.entrySet()) {
            List<String> de = gzLines(SharedData.path("multi30k/" + split.getValue() + ".de.gz"));
            List<String> en = gzLines(SharedData.path("multi30k/" + split.getValue() + ".en.gz"));
            for (int i = 0; i < de.size(); i++) {
                if (!seen.add(de.get(i).trim() + "\t" + en.get(i).trim())) {
                    laterCopies.add(split.getKey() + ":" + (i + 1) + "\t" + de.get(i).trim() + "\t" + en.get(i).trim());
                }
            }
        }

        Map<String, List<Row>> failed = failuresByRule(out);
        // Multi30K is clean apart from exact copies; the language rule calls none of its captions foreign.
        assertThat(failed.keySet()).containsExactly("duplicate");
        assertThat(failed.get("duplicate")).hasSize(3).allSatisfy(r -> assertThat(r.getDouble(4)).isEqualTo(1.0));
        // The rejected copies are exactly the later ones, by split and line.
        List<String> rejected = parquet(out.resolve("rejected")).collectAsList().stream().map(r ->
                r.getString(r.fieldIndex("split")) + ":" + r.getLong(r.fieldIndex("line")) + "\t"
                        + r.getString(r.fieldIndex("src")) + "\t" + r.getString(r.fieldIndex("tgt"))).toList();
        assertThat(rejected).containsExactlyInAnyOrderElementsOf(laterCopies);

        // Every kept pair passes each rule, checked here with independent code.
        List<Row> kept = parquet(out.resolve("pairs")).collectAsList();
        Set<String> keptPairs = new HashSet<>();
        for (Row r : kept) {
            String src = r.getString(r.fieldIndex("src"));
            String tgt = r.getString(r.fieldIndex("tgt"));
            int s = src.isBlank() ? 0 : src.trim().split("\\s+").length;
            int t = tgt.isBlank() ? 0 : tgt.trim().split("\\s+").length;
            assertThat(s).isPositive();
            assertThat(t).isPositive();
            assertThat(Math.max(s, t)).isLessThanOrEqualTo(80);
            assertThat((double) Math.max(s, t) / Math.min(s, t)).isLessThanOrEqualTo(9);
            assertThat(src).isNotEqualToIgnoringCase(tgt);
            assertThat(src + tgt).doesNotContainPattern("[\\x00-\\x08\\x0E-\\x1F\\x7F-\\x9F]");
            assertThat(keptPairs.add(src + "\t" + tgt)).as("kept once: " + src).isTrue();
            assertThat(r.getString(r.fieldIndex("src_lang"))).isEqualTo("de");
            assertThat(r.getString(r.fieldIndex("tgt_lang"))).isEqualTo("en");
        }
        Map<String, Long> keptPerSplit = new HashMap<>();
        kept.forEach(r -> keptPerSplit.merge(r.getString(r.fieldIndex("split")), 1L, Long::sum));
        assertThat(keptPerSplit).containsExactlyInAnyOrderEntriesOf(Map.of("train", 28997L, "valid", 1014L,
                "test", 1000L));

        JsonNode stats = JSON.readTree(out.resolve("stats.json").toFile());
        assertThat(stats.at("/splits/train/pairs/in").asLong()).isEqualTo(29000);
        assertThat(stats.at("/splits/train/rules/duplicate/dropped").asLong()).isEqualTo(3);
        assertThat(stats.at("/rules/wrong_language_tgt/seen").asLong()).isEqualTo(31014);
        assertThat(stats.at("/rules/wrong_language_tgt/dropped").asLong()).isZero();
    }

    @Test
    void theSamplesPlantedBadPairsAreRejectedForTheirRuleAndMisalignedFilesQuarantined(@TempDir Path tmp)
            throws Exception {
        Path data = tmp.resolve("sample");
        Jobs.writeSample(data, 20240611, 40);
        Path out = tmp.resolve("pairs");
        JsonNode manifest = pairs(Map.of("input", List.of(data.resolve("multi30k").toString(),
                data.resolve("pairs_extra").toString()), "output", out.toString()));
        assertAccounting(manifest, out);

        Map<String, String> ruleOfKind = Map.of("empty_side", "empty_side", "too_long", "too_long",
                "length_ratio", "length_ratio", "identical", "identical_sides", "control_characters",
                "control_characters", "duplicate", "duplicate");
        Map<String, List<Row>> failed = failuresByRule(out);
        int checked = 0;
        for (String line : Files.readAllLines(data.resolve("truth/pairs.jsonl"))) {
            JsonNode t = JSON.readTree(line);
            String rule = ruleOfKind.get(t.get("kind").asText());
            if (rule == null) {
                continue; // the planted wrong-language pair is a short sentence, which the rule leaves alone
            }
            String de = t.get("de").asText().trim().replaceAll("\\s+", " ");
            assertThat(failed.get(rule)).as(t.toString()).anyMatch(r -> r.getString(1).equals(de));
            checked++;
        }
        assertThat(checked).isEqualTo(7);

        // The misaligned pair: every line position quarantined with one error naming both files and counts.
        List<Row> quarantine = parquet(out.resolve("quarantine")).orderBy("line").collectAsList();
        assertThat(quarantine).hasSize(10);
        String de = data.resolve("pairs_extra/misaligned.de").toUri().toString().replace("file:///", "file:/");
        String en = data.resolve("pairs_extra/misaligned.en").toUri().toString().replace("file:///", "file:/");
        assertThat(quarantine).allSatisfy(r -> assertThat(r.getString(r.fieldIndex("error")))
                .isEqualTo("misaligned: " + de + " has 10 lines but " + en + " has 9"));
        assertThat(quarantine).extracting(r -> r.getLong(r.fieldIndex("line")))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        JsonNode stats = JSON.readTree(out.resolve("stats.json").toFile());
        assertThat(stats.at("/quarantine/misaligned").asLong()).isEqualTo(10);
        assertThat(stats.at("/pairs/quarantined").asLong()).isEqualTo(10);
    }

    private static void gzip(Path file, String text) throws IOException {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void tsvAndJsonlPairsPlainAndGzippedAreReadAndTheirBadLinesQuarantined(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        String tsv = "Ein Hund rennt.\tA dog runs.\n"
                + "nur eine Spalte\n"
                + "\tAn empty source.\n"
                + "Zwei Katzen schlafen.\tTwo cats sleep.\n";
        Files.writeString(in.resolve("train.tsv"), tsv);
        gzip(in.resolve("valid.tsv.gz"), tsv);
        String jsonl = "{\"translation\": {\"de\": \"Ein Kind lacht.\", \"en\": \"A child laughs.\"}}\n"
                + "{\"translation\": {\"de\": \"Ein Kind lacht.\"}}\n"
                + "not json\n"
                + "{\"translation\": {\"de\": \"Ein Kind lacht.\", \"en\": \"A child laughs.\"}}\n";
        Files.writeString(in.resolve("test.jsonl"), jsonl);
        gzip(in.resolve("more_test.jsonl.gz"), jsonl);
        Path out = tmp.resolve("out");
        JsonNode manifest = pairs(Map.of("input", List.of(in.toString()), "output", out.toString(),
                "fields.src", "translation.de", "fields.tgt", "translation.en"));
        assertAccounting(manifest, out);
        assertThat(manifest.path("inputs").get(0).path("records").asLong()).isEqualTo(16);

        List<Row> kept = parquet(out.resolve("pairs")).orderBy("split", "src").collectAsList();
        assertThat(kept).extracting(r -> r.getString(r.fieldIndex("split")) + ":" + r.getString(r.fieldIndex("tgt")))
                .containsExactly("test:A child laughs.", "valid:A dog runs.", "valid:Two cats sleep.");
        Map<String, List<Row>> failed = failuresByRule(out);
        assertThat(failed.get("empty_side")).extracting(r -> r.getString(3)).containsExactlyInAnyOrder("train", "valid");
        // Valid ranks before train, so the train TSV holds the later copies; of the four JSONL copies
        // (all test) the first by source and line is more_test.jsonl.gz's first line.
        assertThat(failed.get("duplicate")).extracting(r -> r.getString(3) + ":" + r.getString(2))
                .containsExactlyInAnyOrder("train:A dog runs.", "train:Two cats sleep.", "train:An empty source.",
                        "test:A child laughs.", "test:A child laughs.", "test:A child laughs.");
        List<String> errors = parquet(out.resolve("quarantine")).selectExpr("substring_index(error, ':', 1)")
                .collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
        assertThat(errors).containsExactly("bad_json", "bad_json", "bad_tsv", "bad_tsv", "missing_field",
                "missing_field");
    }

    @Test
    void aLoneMosesSideIsQuarantinedWholeAndNamesTheMissingFile(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(in.resolve("train.de"), "Ein Hund.\n\nEine Katze.\n");
        Files.writeString(in.resolve("extra.en"), "A dog.\nA cat.\n");
        Path out = tmp.resolve("out");
        JsonNode manifest = pairs(Map.of("input", List.of(in.toString()), "output", out.toString()));
        assertAccounting(manifest, out);
        List<Row> quarantine = parquet(out.resolve("quarantine")).orderBy("source", "line").collectAsList();
        assertThat(quarantine).extracting(r -> r.getString(r.fieldIndex("error")).replaceAll("file:\\S*/", ""))
                .containsExactly("misaligned: extra.en has 2 lines but extra.de does not exist",
                        "misaligned: extra.en has 2 lines but extra.de does not exist",
                        "misaligned: train.de has 3 lines but train.en does not exist",
                        "misaligned: train.de has 3 lines but train.en does not exist",
                        "misaligned: train.de has 3 lines but train.en does not exist");
        assertThat(parquet(out.resolve("pairs")).count()).isZero();
    }

    @Test
    void aBlankLineInAMosesFileIsAnEmptySideAndKeepsTheFilesAligned(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(in.resolve("train.de"), "Ein Hund rennt.\n\nEine Katze schläft.\n");
        Files.writeString(in.resolve("train.en"), "A dog runs.\nA bird sings.\nA cat sleeps.\n");
        Path out = tmp.resolve("out");
        pairs(Map.of("input", List.of(in.toString()), "output", out.toString()));
        assertThat(parquet(out.resolve("pairs")).orderBy("tgt").collectAsList())
                .extracting(r -> r.getString(r.fieldIndex("src")) + "|" + r.getString(r.fieldIndex("tgt")))
                .containsExactly("Eine Katze schläft.|A cat sleeps.", "Ein Hund rennt.|A dog runs.");
        assertThat(failuresByRule(out).get("empty_side")).extracting(r -> r.getString(2))
                .containsExactly("A bird sings.");
    }

    @Test
    void theHashSplitFollowsTheTextSoCopiesShareASplit(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        StringBuilder tsv = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            tsv.append("Satz Nummer ").append(i % 200).append(".\tSentence number ").append(i % 200).append(".\n");
        }
        Files.writeString(in.resolve("corpus.tsv"), tsv.toString());
        Path out = tmp.resolve("out");
        pairs(Map.of("input", List.of(in.toString()), "output", out.toString(),
                "split.fractions.train", 0.5, "split.fractions.valid", 0.25, "split.fractions.test", 0.25));
        Map<String, String> splitOf = new HashMap<>();
        for (Row r : parquet(out.resolve("pairs")).select("src", "split").collectAsList()) {
            splitOf.put(r.getString(0), r.getString(1));
        }
        assertThat(splitOf).hasSize(200);
        assertThat(new HashSet<>(splitOf.values())).containsExactlyInAnyOrder("train", "valid", "test");
        for (Row r : parquet(out.resolve("rejected")).select("src", "split").collectAsList()) {
            assertThat(r.getString(1)).isEqualTo(splitOf.get(r.getString(0)));
        }
        long train = splitOf.values().stream().filter("train"::equals).count();
        assertThat(train).isBetween(70L, 130L);
    }

    @Test
    void theSameInputGivesTheSameOutputWhateverThePartitioning(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("sample");
        Jobs.writeSample(data, 7, 40);
        List<String> input = List.of(SharedData.path("multi30k").toString() + "/{val,test_2016_flickr}.*.gz",
                data.resolve("multi30k").toString(), data.resolve("pairs_extra").toString());
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        pairs(Map.of("input", input, "output", a.toString()));
        String partitions = TestSpark.session().conf().get("spark.sql.shuffle.partitions");
        TestSpark.session().conf().set("spark.sql.shuffle.partitions", "11");
        try {
            pairs(Map.of("input", input, "output", b.toString()));
        } finally {
            TestSpark.session().conf().set("spark.sql.shuffle.partitions", partitions);
        }
        for (String part : List.of("pairs", "rejected", "quarantine")) {
            List<String> first = parquet(a.resolve(part)).collectAsList().stream().map(Row::toString).toList();
            List<String> second = parquet(b.resolve(part)).collectAsList().stream().map(Row::toString).toList();
            assertThat(first).as(part).isNotEmpty();
            assertThat(second).as(part).isEqualTo(first);
        }
        assertThat(Files.readString(b.resolve("stats.json"))).isEqualTo(Files.readString(a.resolve("stats.json")));
    }

    @Test
    void helpListsTheConfigKeysAndAFileThatIsNoPairFileIsOneLine(@TempDir Path tmp) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(Main.execute(new String[] {"pairs", "--help"}, o, e)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("rules.too-long.max-tokens = 80",
                "rules.length-ratio.max-ratio = 9", "rules.wrong-language.min-chars = 75", "split.mode = \"auto\"",
                "Moses' clean-corpus-n");

        Files.writeString(tmp.resolve("README.md"), "not pairs\n");
        int code = Main.execute(new String[] {"pairs", "--input", tmp.resolve("README.md").toString(), "--output",
                tmp.resolve("o").toString()}, o, e);
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("sparkllm: not a pair file: ")
                .doesNotContain("Exception");
        assertThat(tmp.resolve("o")).doesNotExist();
    }
}
