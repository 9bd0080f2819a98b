package io.sparkllm.jobs.clean;

import io.sparkllm.testing.Jobs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdOutputStream;
import io.sparkllm.testing.SharedData;
import io.sparkllm.testing.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class CleanJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    static JsonNode clean(Map<String, Object> settings) throws Exception {
        return Jobs.run(new CleanJob(), settings);
    }

    static Dataset<Row> parquet(Path dir) {
        return TestSpark.session().read().parquet(dir.toString());
    }

    /** id to the names of its failed rules. */
    static Map<String, Set<String>> failures(Path output) {
        Map<String, Set<String>> out = new HashMap<>();
        for (Row r : parquet(output.resolve("rejected")).selectExpr("id", "transform(failures, f -> f.rule)").collectAsList()) {
            out.put(r.getString(0), Set.copyOf(r.getList(1)));
        }
        return out;
    }

    static Set<String> keptIds(Path output) {
        return parquet(output.resolve("kept")).select("id").collectAsList().stream().map(r -> r.getString(0))
                .collect(Collectors.toSet());
    }

    static void assertAccounting(JsonNode manifest, Path output) {
        long in = manifest.path("inputs").get(0).path("records").asLong();
        long kept = parquet(output.resolve("kept")).count();
        long rejected = parquet(output.resolve("rejected")).count();
        long quarantined = parquet(output.resolve("quarantine")).count();
        assertThat(kept + rejected + quarantined).as("rows in = kept + rejected + quarantined").isEqualTo(in);
    }

    @Test
    void theSampleIsCleanedWithEveryPlantedCaseHandledForTheRightReason(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("sample");
        Jobs.writeSample(data, 20240611, 400);
        Path out = tmp.resolve("clean");
        JsonNode manifest = clean(Map.of("input", List.of(data.resolve("webdocs").toString()), "output", out.toString()));
        assertAccounting(manifest, out);
        assertThat(manifest.path("inputs").get(0).path("records").asLong()).isEqualTo(404);

        List<Row> quarantine = parquet(out.resolve("quarantine")).orderBy("line").collectAsList();
        assertThat(quarantine).extracting(r -> r.getString(r.fieldIndex("error")).split(":")[0])
                .containsExactly("bad_json", "invalid_utf8", "missing_text", "null_text");
        assertThat(quarantine).allMatch(r -> r.getString(r.fieldIndex("file")).endsWith("sample_web.jsonl")
                && !r.isNullAt(r.fieldIndex("line")) && !r.getString(r.fieldIndex("raw")).isEmpty());

        Map<String, Set<String>> failed = failures(out);
        Set<String> kept = keptIds(out);
        Map<String, String> keptText = new HashMap<>();
        for (Row r : parquet(out.resolve("kept")).select("id", "text").collectAsList()) {
            keptText.put(r.getString(0), r.getString(1));
        }
        int clean = 0;
        int cleanKept = 0;
        int piiTagged = 0;
        for (String line : Files.readAllLines(data.resolve("truth/webdocs.jsonl"))) {
            JsonNode t = JSON.readTree(line);
            String id = t.get("id").asText();
            switch (t.get("kind").asText()) {
                case "junk" -> assertThat(failed).as(id).containsKey(id);
                case "wrong_language_label" -> assertThat(failed.get(id)).as(id).contains("roots_lang_id");
                case "exact_duplicate" -> assertThat(failed.get(id)).as(id).contains("exact_duplicate");
                case "pii" -> {
                    // Redacted, or (a '.com' email in a language with ROOTS word stripping) removed as a URL-like word.
                    if (keptText.containsKey(id)) {
                        assertThat(keptText.get(id)).as(id).doesNotContain("anna.berg@example.org", "192.168.17.42",
                                "AKIAIOSFODNN7EXAMPLE", "support@town-council.example.com", "@river_watch",
                                "2001:db8:85a3::8a2e:370:7334");
                        piiTagged += keptText.get(id).contains("PI:") ? 1 : 0;
                    }
                }
                case "date_not_pii" -> {
                    if (keptText.containsKey(id)) {
                        assertThat(keptText.get(id)).as(id).doesNotContain("PI:")
                                .containsPattern("2024-03-15|12\\.05\\.2023");
                    }
                }
                case "clean" -> {
                    clean++;
                    if (kept.contains(id)) {
                        cleanKept++;
                    }
                }
                default -> {
                }
            }
        }
        assertThat((double) cleanKept / clean).as("clean documents kept").isGreaterThan(0.9);
        assertThat(piiTagged).isPositive();

        JsonNode stats = JSON.readTree(out.resolve("stats.json").toFile());
        assertThat(stats.path("documents").path("in").asLong()).isEqualTo(404);
        assertThat(stats.path("quarantine").path("bad_json").asLong()).isEqualTo(1);
        assertThat(stats.path("pii").path("EMAIL").asLong()).isPositive();
        assertThat(stats.path("pii").path("IP_ADDRESS").asLong()).isPositive();
        assertThat(stats.path("pii").path("KEY").asLong()).isPositive();
        assertThat(stats.path("pii").path("USER").asLong()).isPositive();
        assertThat(stats.path("filters").path("roots_stopwords").path("seen").asLong()).isPositive();
        assertThat(stats.path("languages").path("zh").path("filters").path("roots_character_repetition")
                .path("seen").asLong()).isPositive();
    }

    @Test
    void realWebDocumentsInThirteenLanguagesMeetTheirOwnThresholds(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("clean");
        JsonNode manifest = clean(Map.of("input", List.of(SharedData.path("webdocs").toString()),
                "output", out.toString()));
        assertAccounting(manifest, out);
        assertThat(manifest.path("inputs").get(0).path("records").asLong()).isEqualTo(7176);

        Dataset<Row> failures = parquet(out.resolve("rejected"))
                .selectExpr("lang", "explode(failures) as f").selectExpr("lang", "f.rule", "f.threshold").distinct();
        Map<String, Double> stopwordThreshold = new HashMap<>();
        for (Row r : failures.filter("rule = 'roots_stopwords'").collectAsList()) {
            stopwordThreshold.put(r.getString(0), r.getDouble(2));
        }
        // The published per-language thresholds, as the failed rules record them.
        assertThat(stopwordThreshold).containsEntry("en", 0.3).containsEntry("fr", 0.27).containsEntry("es", 0.4)
                .containsEntry("ar", 0.07);
        // Languages without ROOTS lists get no stopword rule; every language gets the default word count.
        assertThat(stopwordThreshold).doesNotContainKeys("sv", "de", "fi");
        JsonNode stats = JSON.readTree(out.resolve("stats.json").toFile());
        assertThat(stats.path("languages").size()).isGreaterThanOrEqualTo(13);
        assertThat(stats.path("languages").path("sv").path("filters").has("roots_stopwords")).isFalse();
        assertThat(stats.path("languages").path("sv").path("filters").path("roots_number_words_min").path("seen")
                .asLong()).isEqualTo(stats.path("languages").path("sv").path("seen").asLong());
        // The four empty sv/fr records are too short: rejected, not lost.
        assertThat(stats.path("documents").path("kept").asLong()).isBetween(3000L, 7100L);
    }

    @Test
    void plantedJunkInRealDocumentsIsDroppedForTheRightReasonAndTheOriginalsSurvive(@TempDir Path tmp) throws Exception {
        List<JsonNode> english = new ArrayList<>();
        for (String line : Files.readAllLines(SharedData.path("webdocs/llamafactory_c4_demo_en.jsonl"))) {
            english.add(JSON.readTree(line));
        }
        List<JsonNode> french = new ArrayList<>();
        for (String line : Files.readAllLines(SharedData.path("webdocs/turku_register/fr.jsonl"))) {
            french.add(JSON.readTree(line));
        }
        String flagged = "sex porn fuck xxx pussy dick cock boob";
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            String text = english.get(i).get("text").asText();
            lines.append(doc("orig-" + i, text, "en"));
            lines.append(doc("spam-" + i, text + " " + "click here to win a prize ".repeat(60), "en"));
            lines.append(doc("soup-" + i, "#### $$$ " + "@@ %% ^^ ** ++ == || ~~ <> ".repeat(30 + i), "en"));
            lines.append(doc("flag-" + i, text + " " + (flagged + " ").repeat(12), "en"));
            lines.append(doc("wrong-" + i, french.get(i).get("text").asText(), "en"));
        }
        Path input = tmp.resolve("planted.jsonl");
        Files.writeString(input, lines);
        Path out = tmp.resolve("clean");
        clean(Map.of("input", List.of(input.toString()), "output", out.toString()));

        Map<String, Set<String>> failed = failures(out);
        Set<String> kept = keptIds(out);
        int originalsKept = 0;
        for (int i = 0; i < 5; i++) {
            assertThat(failed.get("spam-" + i)).as("spam-" + i).contains("roots_word_repetition");
            assertThat(failed.get("soup-" + i)).as("soup-" + i).contains("roots_special_characters");
            assertThat(failed.get("flag-" + i)).as("flag-" + i).contains("roots_flagged_words");
            assertThat(failed.get("wrong-" + i)).as("wrong-" + i).contains("roots_lang_id");
            originalsKept += kept.contains("orig-" + i) ? 1 : 0;
        }
        assertThat(originalsKept).isGreaterThanOrEqualTo(4);
    }

    private static String doc(String id, String text, String lang) throws IOException {
        return JSON.writeValueAsString(Map.of("id", id, "text", text, "lang", lang)) + "\n";
    }

    @Test
    void theSameInputGivesTheSameOutputWhateverThePartitioning(@TempDir Path tmp) throws Exception {
        Path input = SharedData.path("webdocs/turku_register/ca.jsonl");
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        clean(Map.of("input", List.of(input.toString()), "output", a.toString()));
        String partitions = TestSpark.session().conf().get("spark.sql.shuffle.partitions");
        TestSpark.session().conf().set("spark.sql.shuffle.partitions", "11");
        try {
            clean(Map.of("input", List.of(input.toString()), "output", b.toString()));
        } finally {
            TestSpark.session().conf().set("spark.sql.shuffle.partitions", partitions);
        }
        for (String part : List.of("kept", "rejected")) {
            List<String> first = parquet(a.resolve(part)).collectAsList().stream().map(Row::toString).toList();
            List<String> second = parquet(b.resolve(part)).collectAsList().stream().map(Row::toString).toList();
            assertThat(second).as(part).isEqualTo(first);
        }
        assertThat(Files.readString(b.resolve("stats.json"))).isEqualTo(Files.readString(a.resolve("stats.json")));
    }

    @Test
    void malformedInputsOfEveryFormatAreQuarantinedAndTheJobCompletes(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        String good = doc("g1", "The council met on Tuesday and agreed that the old bridge over the river needs "
                + "repairs before the winter, and the work will start in the spring of next year.", "en");
        try (OutputStream z = new ZstdOutputStream(Files.newOutputStream(in.resolve("a.jsonl.zst")))) {
            z.write((good + "{broken\n").getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            java.util.Random random = new java.util.Random(5);
            for (int i = 0; i < 3000; i++) {
                g.write(doc("z" + i, "Record " + random.nextLong() + " says the market in town " + random.nextInt()
                        + " opens early on Saturday.", "en").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] whole = gz.toByteArray();
        Files.write(in.resolve("b.jsonl.gz"), java.util.Arrays.copyOf(whole, whole.length / 2)); // truncated
        Files.write(in.resolve("c.txt"), new byte[] {'o', 'k', (byte) 0xFF, '\n'});
        Files.writeString(in.resolve("d.py"), "def add(x, y):\n    return x + y\n");
        StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType)
                .add("lang", DataTypes.StringType);
        TestSpark.session().createDataFrame(List.of(RowFactory.create("p1", null, "en"),
                        RowFactory.create("p2", good.substring(20, 120), "en")), schema)
                .coalesce(1).write().parquet(in.resolve("e.parquet").toString());

        Path out = tmp.resolve("clean");
        JsonNode manifest = clean(Map.of("input", List.of(in.toString()), "output", out.toString(),
                "filters.exact-dedup", false));
        assertAccounting(manifest, out);
        Map<String, String> reasons = new HashMap<>();
        for (Row r : parquet(out.resolve("quarantine")).collectAsList()) {
            String file = r.getString(r.fieldIndex("file"));
            reasons.put(file.substring(file.lastIndexOf('/') + 1), r.getString(r.fieldIndex("error")));
        }
        assertThat(reasons.get("a.jsonl.zst")).startsWith("bad_json:");
        assertThat(reasons.get("b.jsonl.gz")).startsWith("unreadable_file: reading stopped:");
        assertThat(reasons.get("c.txt")).isEqualTo("invalid_utf8: invalid UTF-8 at byte 2");
        assertThat(reasons.entrySet()).anyMatch(e -> e.getKey().startsWith("part-") && e.getValue().startsWith("missing_text"));
        long readFromTruncatedGzip = parquet(out.resolve("kept")).union(parquet(out.resolve("rejected"))
                        .select("id", "text", "lang", "lang", "source", "meta").toDF("id", "text", "lang", "lang_score",
                                "source", "meta"))
                .filter("source like '%b.jsonl.gz'").count();
        assertThat(readFromTruncatedGzip).as("records before the break are kept or rejected, not lost").isPositive();
    }

    @Test
    void codeAndPlainTextFilesGetTheirOwnLanguageThresholds(@TempDir Path tmp) throws Exception {
        String problems = SharedData.path("humaneval-x/humaneval_python.jsonl.gz").toString();
        Map<String, Object> asCode = new HashMap<>(Map.of("input", List.of(problems), "fields.text", "prompt",
                "fields.id", "task_id", "lang.default", "code", "filters.exact-dedup", false));
        asCode.put("output", tmp.resolve("web-rules").toString());
        clean(asCode);
        // With the web defaults, code is no language the identifier knows: every problem fails lang-id.
        Map<String, Set<String>> failed = failures(tmp.resolve("web-rules"));
        assertThat(failed).hasSize(164);
        assertThat(failed.values()).allMatch(f -> f.contains("roots_lang_id"));

        asCode.put("output", tmp.resolve("code-rules").toString());
        // Thresholds for code: indentation is whitespace, which ROOTS counts as special characters
        // and which repeats as character 10-grams.
        asCode.put("filters.roots.overrides", Map.of("code", Map.of("cond_check_lang_id", false,
                "special_characters_max_cutoff", 0.65, "character_repetition_max_cutoff", 0.35,
                "word_repetition_max_cutoff", 0.5, "cond_remove_words_with_incorrect_substrings", false)));
        clean(asCode);
        Set<String> kept = keptIds(tmp.resolve("code-rules"));
        assertThat(kept.size()).as("problems kept under code thresholds").isGreaterThan(150);
        assertThat(kept).contains("Python/0");

        // Tiny Shakespeare as one plain-text document: English, and longer than ROOTS' word limit.
        Path play = tmp.resolve("play");
        Files.createDirectories(play);
        Files.copy(SharedData.path("tinyshakespeare/input.txt"), play.resolve("input.txt"));
        clean(Map.of("input", List.of(play.toString()), "output", tmp.resolve("play-out").toString()));
        Row doc = parquet(tmp.resolve("play-out/rejected")).first();
        assertThat(doc.getString(doc.fieldIndex("lang"))).isEqualTo("en");
        assertThat(CleanJobTest.failures(tmp.resolve("play-out")).values().iterator().next())
                .contains("roots_number_words_max");
    }

    @Test
    void gopherAndC4RulesRunAsSelectableSetsOnEnglish(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Files.copy(SharedData.path("webdocs/dolma_cc_en.jsonl"), in.resolve("cc.jsonl"));
        Files.copy(SharedData.path("webdocs/turku_register/ca.jsonl"), in.resolve("ca.jsonl"));
        String page = "The committee published its report on Monday. It covers the budget for next year. "
                + "Several members asked for more detail on the costs.\n";
        Files.writeString(in.resolve("planted.jsonl"), doc("lorem", page + "Lorem ipsum dolor sit amet, consectetur "
                + "adipiscing elit, sed do eiusmod.\n" + page, "en") + doc("code", page + "The function returns "
                + "{ value: 1 } to the caller of it.\n" + page, "en"));
        Path out = tmp.resolve("clean");
        clean(Map.of("input", List.of(in.toString()), "output", out.toString(),
                "filters.sets", List.of("roots", "gopher", "c4")));
        JsonNode stats = JSON.readTree(out.resolve("stats.json").toFile());
        long english = stats.path("languages").path("en").path("seen").asLong();
        assertThat(english).isEqualTo(32);
        assertThat(stats.path("filters").path("gopher_stop_words").path("seen").asLong()).isEqualTo(english);
        assertThat(stats.path("filters").path("c4_min_sentences").path("seen").asLong()).isEqualTo(english);
        assertThat(stats.path("languages").path("ca").path("filters").has("gopher_stop_words")).isFalse();
        assertThat(stats.path("lines_removed").path("c4_no_terminal_punct").asLong()).isPositive();
        Map<String, Set<String>> failed = failures(out);
        assertThat(failed.get("lorem")).contains("c4_lorem_ipsum");
        assertThat(failed.get("code")).contains("c4_curly_bracket");
    }
}
