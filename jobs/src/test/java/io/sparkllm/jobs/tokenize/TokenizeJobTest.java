package io.sparkllm.jobs.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.model.tokenizer.Tokenizer;
import io.sparkllm.model.tokenizer.TokenizerFiles;
import io.sparkllm.testing.Jobs;
import io.sparkllm.testing.SharedData;
import io.sparkllm.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenizeJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SEQ_LEN = 64;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    /** Real C4 pages and Tiny Shakespeare in 40-line pieces, as JSONL. */
    private static List<String> writeCorpus(Path file) throws Exception {
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(SharedData.path("webdocs/llamafactory_c4_demo_en.jsonl"))) {
            texts.add(JSON.readTree(line).get("text").asText());
        }
        List<String> play = Files.readAllLines(SharedData.path("tinyshakespeare/input.txt"));
        for (int i = 0; i + 40 <= 4000; i += 40) {
            texts.add(String.join("\n", play.subList(i, i + 40)));
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            out.append(JSON.writeValueAsString(Map.of("id", "doc-" + i, "text", texts.get(i), "lang", "en"))).append('\n');
        }
        Files.writeString(file, out);
        return texts;
    }

    private static Map<String, Object> settings(Path input, Path out) {
        Map<String, Object> s = new HashMap<>();
        s.put("input", List.of(input.toString()));
        s.put("output", out.toString());
        s.put("tokenizer", SharedData.path("tokenizers/gpt2/tokenizer.json").toString());
        s.put("seq-len", SEQ_LEN);
        s.put("valid-fraction", 0.1);
        return s;
    }

    private static List<Row> windows(Path dir) {
        return TestSpark.session().read().parquet(dir.toString()).orderBy("window").collectAsList();
    }

    @Test
    void windowsHoldEveryDocumentsTokensWithEosAndMarkWhereEachDocumentStarts(@TempDir Path tmp) throws Exception {
        Path input = tmp.resolve("docs.jsonl");
        List<String> texts = writeCorpus(input);
        Path out = tmp.resolve("tok");
        Jobs.run(new TokenizeJob(), settings(input, out));

        Tokenizer gpt2 = TokenizerFiles.load(SharedData.path("tokenizers/gpt2/tokenizer.json"));
        int eos = gpt2.tokenToId("<|endoftext|>");
        Map<List<Integer>, Integer> expected = new HashMap<>();
        long totalTokens = 0;
        for (String text : texts) {
            List<Integer> ids = new ArrayList<>();
            for (int id : gpt2.encode(text, false)) {
                ids.add(id);
            }
            ids.add(eos);
            expected.merge(ids, 1, Integer::sum);
            totalTokens += ids.size();
        }

        JsonNode stats = JSON.readTree(out.resolve("stats.json").toFile());
        long documentsSeen = 0;
        long tokensSeen = 0;
        long completeDocuments = 0;
        for (String split : List.of("train", "valid")) {
            List<Row> rows = windows(out.resolve(split));
            assertThat(rows).hasSize(stats.path("windows").path(split).asInt());
            List<Integer> stream = new ArrayList<>();
            List<Integer> starts = new ArrayList<>();
            for (int w = 0; w < rows.size(); w++) {
                Row r = rows.get(w);
                assertThat(r.getLong(0)).isEqualTo(w);
                List<Integer> ids = r.getList(1);
                assertThat(ids).hasSize(SEQ_LEN + 1);
                for (int s : r.<Integer>getList(2)) {
                    starts.add(w * (SEQ_LEN + 1) + s);
                }
                stream.addAll(ids);
            }
            assertThat(starts.get(0)).isZero();
            // Every stretch between two document starts is one whole document's ids ending in EOS.
            for (int i = 0; i + 1 < starts.size(); i++) {
                List<Integer> document = stream.subList(starts.get(i), starts.get(i + 1));
                assertThat(expected.getOrDefault(document, 0)).as("document at %d of %s", starts.get(i), split).isPositive();
                expected.merge(new ArrayList<>(document), -1, Integer::sum);
                completeDocuments++;
            }
            documentsSeen += stats.path("documents").path(split).asLong();
            tokensSeen += stats.path("tokens").path(split).asLong();
            assertThat(stats.path("tail_tokens_dropped").path(split).asLong()).isLessThan(SEQ_LEN + 1);
            assertThat(stats.path("tokens").path(split).asLong())
                    .isEqualTo(rows.size() * (SEQ_LEN + 1L) + stats.path("tail_tokens_dropped").path(split).asLong());
        }
        assertThat(documentsSeen).isEqualTo(texts.size());
        assertThat(tokensSeen).isEqualTo(totalTokens);
        // Only the documents cut by a window boundary at the end of each split are not whole.
        assertThat(completeDocuments).isGreaterThanOrEqualTo(texts.size() - 4);
        assertThat(stats.path("documents").path("valid").asLong()).isBetween(20L, 60L);
        assertThat(stats.path("by_language").path("en").path("chars_per_token").asDouble()).isBetween(3.0, 5.0);
        assertThat(out.resolve("tokenizer.json")).exists();
    }

    @Test
    void theSameWindowsWhateverThePartitioning(@TempDir Path tmp) throws Exception {
        Path input = tmp.resolve("docs.jsonl");
        writeCorpus(input);
        Jobs.run(new TokenizeJob(), settings(input, tmp.resolve("a")));
        String partitions = TestSpark.session().conf().get("spark.sql.shuffle.partitions");
        TestSpark.session().conf().set("spark.sql.shuffle.partitions", "7");
        try {
            Jobs.run(new TokenizeJob(), settings(input, tmp.resolve("b")));
        } finally {
            TestSpark.session().conf().set("spark.sql.shuffle.partitions", partitions);
        }
        for (String split : List.of("train", "valid")) {
            assertThat(windows(tmp.resolve("b").resolve(split)).stream().map(Row::toString).toList())
                    .isEqualTo(windows(tmp.resolve("a").resolve(split)).stream().map(Row::toString).toList());
        }
    }

    @Test
    void anEosTokenMissingFromTheVocabularyIsOneClearError(@TempDir Path tmp) throws Exception {
        Path input = tmp.resolve("docs.jsonl");
        Files.writeString(input, "{\"id\": \"a\", \"text\": \"hello\"}\n");
        Map<String, Object> s = settings(input, tmp.resolve("x"));
        s.put("eos-token", "</s>");
        assertThatThrownBy(() -> Jobs.run(new TokenizeJob(), s))
                .hasMessage("eos-token '</s>' is not in the tokenizer's vocabulary");
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void translationPairsBecomeSourceAndTargetIdsInLengthBucketedBatches(@TempDir Path tmp) throws Exception {
        List<Row> rows = new ArrayList<>();
        List<String> de = new ArrayList<>();
        List<String> en = new ArrayList<>();
        for (String lang : List.of("de", "en")) {
            try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(SharedData.path("multi30k/val." + lang + ".gz")))) {
                (lang.equals("de") ? de : en).addAll(List.of(new String(in.readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8).split("\n")));
            }
        }
        for (int i = 0; i < 300; i++) {
            rows.add(org.apache.spark.sql.RowFactory.create("p" + i, de.get(i), en.get(i), i < 250 ? "train" : "test"));
        }
        var schema = new org.apache.spark.sql.types.StructType().add("id", "string").add("src", "string")
                .add("tgt", "string").add("split", "string");
        Path pairs = tmp.resolve("pairs");
        TestSpark.session().createDataFrame(rows, schema).write().parquet(pairs.toString());

        Map<String, Object> s = settings(pairs, tmp.resolve("mt"));
        s.put("task", "seq2seq");
        s.put("batch-tokens", 256);
        Jobs.run(new TokenizeJob(), s);

        Tokenizer gpt2 = TokenizerFiles.load(SharedData.path("tokenizers/gpt2/tokenizer.json"));
        int eos = gpt2.tokenToId("<|endoftext|>");
        Map<String, Integer> examples = new HashMap<>();
        Map<String, Integer> batchSizes = new HashMap<>();
        for (String split : List.of("train", "test")) {
            for (Row r : TestSpark.session().read().parquet(tmp.resolve("mt").resolve(split).toString()).collectAsList()) {
                int i = Integer.parseInt(r.getString(r.fieldIndex("id")).substring(1));
                List<Integer> src = r.getList(r.fieldIndex("src_ids"));
                List<Integer> tgt = r.getList(r.fieldIndex("tgt_ids"));
                assertThat(src).isEqualTo(withEos(gpt2.encode(de.get(i), false), eos));
                assertThat(tgt).isEqualTo(withEos(gpt2.encode(en.get(i), false), eos));
                int bucket = r.getInt(r.fieldIndex("bucket"));
                assertThat(bucket).isEqualTo((Math.max(src.size(), tgt.size()) - 1) / 8);
                examples.merge(split, 1, Integer::sum);
                batchSizes.merge(split + "/" + bucket + "/" + r.getLong(r.fieldIndex("batch")), 1, Integer::sum);
            }
        }
        assertThat(examples).containsEntry("train", 250).containsEntry("test", 50);
        batchSizes.forEach((batch, n) -> {
            int bucket = Integer.parseInt(batch.split("/")[1]);
            assertThat(n * (bucket + 1) * 8).as(batch).isLessThanOrEqualTo(256);
        });
        JsonNode stats = JSON.readTree(tmp.resolve("mt/stats.json").toFile());
        assertThat(stats.path("splits").path("train").path("examples").asLong()).isEqualTo(250);
    }

    @Test
    void instructionRecordsBecomePromptThenResponseIdsWithEveryRecordAccountedFor(@TempDir Path tmp) throws Exception {
        Path input = tmp.resolve("tasks.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(SharedData.path("alpaca/seed_tasks.jsonl")));
        lines.add("{\"id\": \"broken\", \"instruction\": \"unterminated");
        lines.add("{\"id\": \"no-output\", \"instruction\": \"Say hi.\", \"instances\": [{\"input\": \"\"}]}");
        Files.write(input, lines);
        Map<String, Object> s = settings(input, tmp.resolve("instruct"));
        s.put("task", "instruct");
        s.put("seq-len", 96);
        Jobs.run(new TokenizeJob(), s);

        Map<String, String[]> examples = new HashMap<>();
        for (String line : lines.subList(0, lines.size() - 2)) {
            JsonNode task = JSON.readTree(line);
            for (int i = 0; i < task.get("instances").size(); i++) {
                JsonNode instance = task.get("instances").get(i);
                examples.put(task.get("id").asText() + "#" + i, new String[] {task.get("instruction").asText(),
                        instance.get("input").asText(), instance.get("output").asText()});
            }
        }
        Tokenizer gpt2 = TokenizerFiles.load(SharedData.path("tokenizers/gpt2/tokenizer.json"));
        int eos = gpt2.tokenToId("<|endoftext|>");
        int kept = 0;
        int truncated = 0;
        for (String split : List.of("train", "valid")) {
            for (Row r : TestSpark.session().read().parquet(tmp.resolve("instruct").resolve(split).toString()).collectAsList()) {
                String[] example = examples.get(r.getString(r.fieldIndex("id")));
                List<Integer> ids = r.getList(r.fieldIndex("input_ids"));
                int start = r.getInt(r.fieldIndex("response_start"));
                List<Integer> prompt = boxed(gpt2.encode(PromptTemplate.ALPACA.prompt(example[0], example[1]), false));
                List<Integer> response = withEos(gpt2.encode(example[2], false), eos);
                assertThat(ids.subList(0, start)).isEqualTo(prompt);
                assertThat(ids.size()).isLessThanOrEqualTo(97);
                if (prompt.size() + response.size() > 97) {
                    assertThat(ids.subList(start, ids.size())).isEqualTo(response.subList(0, 97 - start));
                    truncated++;
                } else {
                    assertThat(ids.subList(start, ids.size())).isEqualTo(response);
                }
                kept++;
            }
        }
        List<Row> rejected = TestSpark.session().read().parquet(tmp.resolve("instruct/rejected").toString()).collectAsList();
        for (Row r : rejected) {
            String id = r.getString(r.fieldIndex("id"));
            if (id.equals("no-output#0")) {
                assertThat(r.getString(r.fieldIndex("rule"))).isEqualTo("missing-field");
                continue;
            }
            String[] example = examples.get(id);
            assertThat(r.getString(r.fieldIndex("rule"))).isEqualTo("prompt-too-long");
            assertThat(gpt2.encode(PromptTemplate.ALPACA.prompt(example[0], example[1]), false).length).isGreaterThanOrEqualTo(97);
        }
        List<Row> quarantine = TestSpark.session().read().parquet(tmp.resolve("instruct/quarantine").toString()).collectAsList();
        assertThat(quarantine).hasSize(1);
        assertThat(quarantine.get(0).getString(quarantine.get(0).fieldIndex("file"))).endsWith("tasks.jsonl");
        assertThat(kept).isGreaterThan(100);
        assertThat(truncated).isPositive();
        assertThat(rejected.size()).isGreaterThan(1);
        assertThat(kept + rejected.size() + quarantine.size()).isEqualTo(examples.size() + 2);
    }

    private static List<Integer> boxed(int[] ids) {
        List<Integer> out = new ArrayList<>();
        for (int id : ids) {
            out.add(id);
        }
        return out;
    }

    private static List<Integer> withEos(int[] ids, int eos) {
        List<Integer> out = new ArrayList<>();
        for (int id : ids) {
            out.add(id);
        }
        out.add(eos);
        return out;
    }

    @Test
    void bertExamplesHoldTwoSegmentsOfRealTextWithFifteenPercentMaskedAndHalfRandomNext(@TempDir Path tmp) throws Exception {
        Path input = tmp.resolve("docs.jsonl");
        List<String> texts = writeCorpus(input);
        Map<String, Object> s = settings(input, tmp.resolve("mlm"));
        s.put("task", "mlm");
        s.put("tokenizer", SharedData.path("tokenizers/bert-base-uncased").toString());
        Jobs.run(new TokenizeJob(), s);

        Tokenizer bert = TokenizerFiles.load(SharedData.path("tokenizers/bert-base-uncased"));
        int cls = bert.tokenToId("[CLS]");
        int sep = bert.tokenToId("[SEP]");
        int mask = bert.tokenToId("[MASK]");
        long eligible = 0;
        long masked = 0;
        long asMask = 0;
        long examples = 0;
        long randomNext = 0;
        Map<String, List<Integer>> streams = new HashMap<>();
        for (String split : List.of("train", "valid")) {
            for (Row r : TestSpark.session().read().parquet(tmp.resolve("mlm").resolve(split).toString()).collectAsList()) {
                List<Integer> ids = new ArrayList<>(r.<Integer>getList(r.fieldIndex("input_ids")));
                List<Integer> types = r.getList(r.fieldIndex("token_type_ids"));
                List<Integer> positions = r.getList(r.fieldIndex("masked_positions"));
                List<Integer> labels = r.getList(r.fieldIndex("masked_labels"));
                int firstSep = types.lastIndexOf(0);
                assertThat(ids.size()).isLessThanOrEqualTo(SEQ_LEN);
                assertThat(ids.get(0)).isEqualTo(cls);
                assertThat(ids.get(firstSep)).isEqualTo(sep);
                assertThat(ids.get(ids.size() - 1)).isEqualTo(sep);
                assertThat(positions).doesNotContain(0, firstSep, ids.size() - 1);
                eligible += ids.size() - 3;
                masked += positions.size();
                for (int k = 0; k < positions.size(); k++) {
                    if (ids.get(positions.get(k)) == mask) {
                        asMask++;
                    }
                    ids.set(positions.get(k), labels.get(k));
                }
                String id = r.getString(r.fieldIndex("id"));
                int doc = Integer.parseInt(id.substring("doc-".length(), id.indexOf('#')));
                List<Integer> stream = streams.computeIfAbsent(id.substring(0, id.indexOf('#')), d -> sentenceStream(bert, texts.get(doc)));
                List<Integer> a = ids.subList(1, firstSep);
                List<Integer> b = ids.subList(firstSep + 1, ids.size() - 1);
                int label = r.getInt(r.fieldIndex("next_sentence_label"));
                // Segments are whole runs of the document (trimming cuts only their ends); a true next B follows A.
                int aAt = java.util.Collections.indexOfSubList(stream, a);
                assertThat(aAt).as(id).isNotNegative();
                if (label == 0) {
                    int bAt = java.util.Collections.indexOfSubList(stream.subList(aAt + a.size(), stream.size()), b);
                    assertThat(bAt).as(id + " B after A").isNotNegative();
                }
                randomNext += label;
                examples++;
            }
        }
        assertThat(examples).isGreaterThan(500);
        assertThat((double) masked / eligible).isBetween(0.14, 0.16);
        assertThat((double) asMask / masked).isBetween(0.77, 0.83);
        assertThat((double) randomNext / examples).isBetween(0.42, 0.58);
    }

    /** The document's sentences' ids, end to end, split as the job splits them. */
    private static List<Integer> sentenceStream(Tokenizer tokenizer, String text) {
        List<Integer> out = new ArrayList<>();
        for (String sentence : text.split("(?<=[.!?])\\s+|\\n+")) {
            if (!sentence.isBlank()) {
                for (int id : tokenizer.encode(sentence, false)) {
                    out.add(id);
                }
            }
        }
        return out;
    }
}
