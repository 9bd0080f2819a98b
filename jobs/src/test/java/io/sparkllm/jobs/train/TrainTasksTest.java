package io.sparkllm.jobs.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.jobs.tokenize.TokenizeJob;

import io.sparkllm.model.checkpoint.SavedModels;
import io.sparkllm.model.generate.Seq2SeqLm;
import io.sparkllm.model.zoo.CachedTranslator;
import io.sparkllm.model.zoo.RecomputingDecoder;
import io.sparkllm.model.zoo.TransformerTranslator;
import io.sparkllm.runtime.UsageException;
import io.sparkllm.testing.Jobs;
import io.sparkllm.testing.ShakespeareWindows;
import io.sparkllm.testing.SharedData;
import io.sparkllm.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The train job's other objectives on real data: instruction tuning on Alpaca's seed tasks,
 * translation on Multi30K, BERT pretraining on Tiny Shakespeare. Each trains a tiny model a few
 * steps; the loss must fall, and the validation loss the job reports (padded, masked minibatches)
 * must equal the same loss computed one unpadded example at a time from the saved model.
 */
public class TrainTasksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path shared;

    @BeforeAll
    static void prepare() throws Exception {
        TestSpark.session();
        ShakespeareWindows.prepare(shared);
    }

    private static Map<String, Object> settings(Path data, String task, Path preset, Path out, int steps) {
        Map<String, Object> s = new HashMap<>();
        s.put("input", List.of(data.toString()));
        s.put("output", out.toString());
        s.put("task", task);
        s.put("model", preset.toString());
        s.put("batch-size-per-worker", 8);
        s.put("averaging-frequency", 2);
        s.put("workers", 2);
        s.put("learning-rate", 1e-2);
        s.put("warmup-steps", 2);
        s.put("max-steps", steps);
        s.put("checkpoint-every", 100);
        s.put("valid-batches", 50);
        return s;
    }

    private static List<Row> rows(Path dir) {
        return TestSpark.session().read().parquet(dir.toString()).orderBy("id").collectAsList();
    }

    /** log p(id) at step {@code time} of logits {@code [time, vocab]}. */
    private static double logSoftmaxAt(INDArray logits, int time, int id) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < logits.size(1); v++) {
            max = Math.max(max, logits.getDouble(time, v));
        }
        double sum = 0;
        for (int v = 0; v < logits.size(1); v++) {
            sum += Math.exp(logits.getDouble(time, v) - max);
        }
        return logits.getDouble(time, id) - max - Math.log(sum);
    }

    @Test
    void instructionTuningTakesTheLossOnResponseTokensOnly(@TempDir Path tmp) throws Exception {
        Map<String, Object> tokenize = new HashMap<>();
        tokenize.put("input", List.of(SharedData.path("alpaca/seed_tasks.jsonl").toString()));
        tokenize.put("output", tmp.resolve("instruct").toString());
        tokenize.put("tokenizer", shared.resolve("tokenizer/tokenizer.json").toString());
        tokenize.put("task", "instruct");
        tokenize.put("seq-len", 256);
        tokenize.put("valid-fraction", 0.1);
        Jobs.run(new TokenizeJob(), tokenize);
        Files.writeString(tmp.resolve("tiny.conf"), "model { family = gpt2, vocab-size = " + ShakespeareWindows.VOCAB
                + ", max-positions = 256, d-model = 32, layers = 2, heads = 2, ffn-size = 64 }");

        Path out = tmp.resolve("run");
        Map<String, Object> train = settings(tmp.resolve("instruct"), "instruct", tmp.resolve("tiny.conf"), out, 24);
        train.put("epochs", 4);
        train.put("dropout", 0.1);
        Jobs.run(new TrainJob(), train);
        List<JsonNode> lines = TrainJobTest.metrics(out);
        // A round's train loss is its workers' last minibatch, a few hundred response tokens: noisy.
        // The validation loss is taken over the same fixed examples each time.
        assertThat(lines.get(0).get("valid_loss").asDouble()).isGreaterThan(lines.get(lines.size() - 1).get("valid_loss").asDouble() + 0.5);
        assertThat(lines.get(lines.size() - 1).get("loss").asDouble()).isLessThan(Math.log(ShakespeareWindows.VOCAB));

        // The reported validation loss: response tokens only, each example on its own, from the saved model.
        var model = SavedModels.load(out.resolve("model"), DataType.FLOAT);
        assertThat(model.spec().dropout()).isEqualTo(0.1);
        RecomputingDecoder decoder = new RecomputingDecoder(model.graph());
        double total = 0;
        long tokens = 0;
        double promptTotal = 0;
        for (Row r : rows(tmp.resolve("instruct/valid"))) {
            List<Integer> ids = r.getList(r.fieldIndex("input_ids"));
            int start = r.getInt(r.fieldIndex("response_start"));
            int[] input = ids.subList(0, ids.size() - 1).stream().mapToInt(Integer::intValue).toArray();
            INDArray logits = decoder.logits(input);
            for (int t = 0; t < input.length; t++) {
                double loss = -logSoftmaxAt(logits, t, ids.get(t + 1));
                if (t + 1 >= start) {
                    total += loss;
                    tokens++;
                } else {
                    promptTotal += loss;
                }
            }
        }
        double reported = lines.get(lines.size() - 1).get("valid_loss").asDouble();
        assertThat(reported).isCloseTo(total / tokens, within(1e-3));
        // Prompt tokens count for nothing: with them the loss would differ.
        assertThat(Math.abs((total + promptTotal) / (tokens + 0.0 + countPromptTargets(tmp)) - reported)).isGreaterThan(1e-2);
    }

    private static long countPromptTargets(Path tmp) {
        long n = 0;
        for (Row r : rows(tmp.resolve("instruct/valid"))) {
            n += Math.max(0, r.getInt(r.fieldIndex("response_start")) - 1);
        }
        return n;
    }

    @Test
    void translationTrainsTheTransformerOnMulti30kAndScoresTeacherForcedTargets(@TempDir Path tmp) throws Exception {
        io.sparkllm.testing.Multi30kTranslation.prepare(tmp, 0);

        Path out = tmp.resolve("run");
        Jobs.run(new TrainJob(), settings(tmp.resolve("mt"), "seq2seq", tmp.resolve("mt.conf"), out, 16));
        List<JsonNode> lines = TrainJobTest.metrics(out);
        assertThat(lines.get(0).get("valid_loss").asDouble()).isGreaterThan(lines.get(lines.size() - 1).get("valid_loss").asDouble() + 0.5);
        assertThat(lines.get(lines.size() - 1).get("loss").asDouble()).isLessThan(lines.get(0).get("loss").asDouble() - 0.5);
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("task").asText()).isEqualTo("seq2seq");
        int bos = io.sparkllm.model.tokenizer.TokenizerFiles.load(tmp.resolve("bpe/tokenizer.json")).tokenToId("<s>");
        assertThat(summary.get("decoder_start_token").asInt()).isEqualTo(bos);

        // Teacher-forced, one example at a time, through the beam-search interface; the cached
        // translator, each step over the keys and values of the one before, gives the same.
        SavedModels.Loaded model = SavedModels.load(out.resolve("model"), DataType.FLOAT);
        Seq2SeqLm translator = new TransformerTranslator(model.graph());
        Seq2SeqLm cached = new CachedTranslator(model.graph(), model.spec());
        double total = 0;
        long tokens = 0;
        for (Row r : rows(tmp.resolve("mt/valid"))) {
            int[] source = r.<Integer>getList(r.fieldIndex("src_ids")).stream().mapToInt(Integer::intValue).toArray();
            List<Integer> target = r.getList(r.fieldIndex("tgt_ids"));
            var encoded = translator.encode(source);
            var cachedEncoded = cached.encode(source);
            for (int t = 1; t < target.size(); t++) {
                int[] prefix = target.subList(0, t).stream().mapToInt(Integer::intValue).toArray();
                float logProbability = translator.nextLogProbabilities(encoded, new int[][] {prefix})[0][target.get(t)];
                assertThat(cached.nextLogProbabilities(cachedEncoded, new int[][] {prefix})[0][target.get(t)])
                        .isCloseTo(logProbability, within(1e-4f));
                total -= logProbability;
                tokens++;
            }
        }
        assertThat(lines.get(lines.size() - 1).get("valid_loss").asDouble()).isCloseTo(total / tokens, within(1e-3));
    }

    @Test
    void translationTargetsWithoutAStartTokenStopTheJobWithOneLine(@TempDir Path tmp) throws Exception {
        List<Row> pairs = List.of(RowFactory.create("a", "ein Hund", "a dog", "train"),
                RowFactory.create("c", "die Katze", "the cat", "train"), RowFactory.create("b", "eine Katze", "a cat", "valid"));
        StructType schema = new StructType().add("id", "string").add("src", "string").add("tgt", "string").add("split", "string");
        TestSpark.session().createDataFrame(pairs, schema).write().parquet(tmp.resolve("pairs").toString());
        Map<String, Object> tokenize = new HashMap<>();
        tokenize.put("input", List.of(tmp.resolve("pairs").toString()));
        tokenize.put("output", tmp.resolve("mt").toString());
        tokenize.put("tokenizer", shared.resolve("tokenizer/tokenizer.json").toString());
        tokenize.put("task", "seq2seq");
        Jobs.run(new TokenizeJob(), tokenize);
        Files.writeString(tmp.resolve("mt.conf"), "model { family = transformer, vocab-size = 384, max-positions = 32, "
                + "d-model = 16, layers = 1, heads = 2, ffn-size = 32 }");
        assertThatThrownBy(() -> Jobs.run(new TrainJob(), settings(tmp.resolve("mt"), "seq2seq", tmp.resolve("mt.conf"),
                tmp.resolve("run"), 2)))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("do not all start with one token").hasMessageContaining("bos-token");
    }

    @Test
    void bertPretrainingLearnsMaskedTokensAndReportsNextSentenceAccuracy(@TempDir Path tmp) throws Exception {
        Map<String, Object> tokenize = new HashMap<>();
        tokenize.put("input", List.of(shared.resolve("corpus.jsonl").toString()));
        tokenize.put("output", tmp.resolve("mlm").toString());
        tokenize.put("tokenizer", SharedData.path("tokenizers/bert-base-uncased").toString());
        tokenize.put("task", "mlm");
        tokenize.put("seq-len", 48);
        tokenize.put("valid-fraction", 0.1);
        Jobs.run(new TokenizeJob(), tokenize);
        Files.writeString(tmp.resolve("bert.conf"), "model { family = bert, vocab-size = 30522, max-positions = 48, "
                + "d-model = 32, layers = 1, heads = 2, ffn-size = 64, segment-types = 2, activation = gelu }");

        Path out = tmp.resolve("run");
        Jobs.run(new TrainJob(), settings(tmp.resolve("mlm"), "mlm", tmp.resolve("bert.conf"), out, 12));
        List<JsonNode> lines = TrainJobTest.metrics(out);
        JsonNode first = lines.get(0);
        JsonNode last = lines.get(lines.size() - 1);
        assertThat(first.get("valid_loss").asDouble()).isGreaterThan(last.get("valid_loss").asDouble() + 0.5);
        assertThat(last.get("valid_nsp_accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(last.get("valid_nsp_loss").asDouble()).isBetween(0.3, 1.5);

        // The masked-LM loss per masked token, each example on its own.
        var graph = SavedModels.load(out.resolve("model"), DataType.FLOAT).graph();
        MaskedLmTask task = new MaskedLmTask();
        double total = 0;
        long tokens = 0;
        for (Row r : TestSpark.session().read().parquet(tmp.resolve("mlm/valid").toString()).orderBy("id").limit(400)
                .collectAsList()) {
            var example = task.example(r);
            INDArray logits = io.sparkllm.model.zoo.Logits.of(graph, example.getFeatures()).slice(0);
            List<Integer> positions = r.getList(r.fieldIndex("masked_positions"));
            List<Integer> labels = r.getList(r.fieldIndex("masked_labels"));
            for (int i = 0; i < positions.size(); i++) {
                total -= logSoftmaxAt(logits, positions.get(i), labels.get(i));
                tokens++;
            }
        }
        assertThat(last.get("valid_loss").asDouble()).isCloseTo(total / tokens, within(1e-3));
    }

    @Test
    void classificationLearnsTheLanguageOfWebPagesFromAPretrainedBackbone(@TempDir Path tmp) throws Exception {
        Path causal = tmp.resolve("causal");
        Map<String, Object> pretrain = TrainJobTest.settings(shared.resolve("windows"), ShakespeareWindows.preset(shared), causal);
        pretrain.put("max-steps", 4);
        Jobs.run(new TrainJob(), pretrain);

        StringBuilder pages = new StringBuilder();
        for (String lang : List.of("fr", "sv", "id", "zh")) {
            for (String line : Files.readAllLines(SharedData.path("webdocs/turku_register/" + lang + ".jsonl"))) {
                pages.append(line).append('\n');
            }
        }
        pages.append("{\"id\": \"unlabelled\", \"text\": \"no language given\"}\n");
        Files.writeString(tmp.resolve("pages.jsonl"), pages);
        Map<String, Object> tokenize = new HashMap<>();
        tokenize.put("input", List.of(tmp.resolve("pages.jsonl").toString()));
        tokenize.put("output", tmp.resolve("lang").toString());
        tokenize.put("tokenizer", shared.resolve("tokenizer/tokenizer.json").toString());
        tokenize.put("task", "classify");
        tokenize.put("classify.label-field", "lang");
        tokenize.put("seq-len", 32);
        tokenize.put("valid-fraction", 0.05);
        JsonNode tokenized = Jobs.run(new TokenizeJob(), tokenize);
        assertThat(JSON.readTree(tmp.resolve("lang/labels.json").toFile()).toString()).isEqualTo("[\"fr\",\"id\",\"sv\",\"zh\"]");
        // The unlabelled page, and the real pages whose text is blank, are rejected; nothing else.
        Map<String, String> rules = new HashMap<>();
        for (Row r : rows(tmp.resolve("lang/rejected"))) {
            rules.put(r.getString(r.fieldIndex("id")), r.getString(r.fieldIndex("rule")));
        }
        assertThat(rules).containsEntry("unlabelled", "missing-label");
        long blank = pages.toString().lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).filter(page -> page.path("text").asText("").isBlank()).count();
        assertThat(rules.values().stream().filter("missing-text"::equals).count()).isEqualTo(blank).isPositive();
        Map<String, Long> outputs = new HashMap<>();
        tokenized.path("outputs").forEach(o -> outputs.put(o.path("name").asText(), o.path("records").asLong()));
        assertThat(outputs.get("rejected")).isEqualTo(rules.size());
        assertThat(outputs.get("train") + outputs.get("valid") + outputs.get("rejected"))
                .isEqualTo(pages.toString().lines().count());

        Path out = tmp.resolve("run");
        Map<String, Object> s = settings(tmp.resolve("lang"), "classify", ShakespeareWindows.preset(shared), out, 40);
        s.remove("model");
        s.put("init-from", causal.resolve("model").toString());
        JsonNode manifest = Jobs.run(new TrainJob(), s);
        var start = SavedModels.load(causal.resolve("model"), DataType.FLOAT).graph();
        // Every array of the pretrained GPT-2 is backbone (its head is the tied token table).
        assertThat(manifest.path("counts").path("init_arrays_copied").asInt()).isEqualTo(start.paramTable().size());
        assertThat(Files.readString(out.resolve("model/labels.json"))).isEqualTo("[\"fr\",\"id\",\"sv\",\"zh\"]");

        List<JsonNode> lines = TrainJobTest.metrics(out);
        Map<Integer, Integer> validLabels = new HashMap<>();
        for (Row r : rows(tmp.resolve("lang/valid"))) {
            validLabels.merge(r.getInt(r.fieldIndex("label")), 1, Integer::sum);
        }
        double majority = validLabels.values().stream().mapToInt(Integer::intValue).max().orElseThrow()
                / (double) validLabels.values().stream().mapToInt(Integer::intValue).sum();
        JsonNode last = lines.get(lines.size() - 1);
        assertThat(last.get("valid_accuracy").asDouble()).isGreaterThan(majority + 0.15);
        assertThat(lines.get(0).get("valid_loss").asDouble()).isGreaterThan(last.get("valid_loss").asDouble());
    }

    @Test
    void aTaskThatDoesNotFitTheModelFamilyStopsTheJobWithOneLine(@TempDir Path tmp) {
        Map<String, Object> s = settings(shared.resolve("windows"), "mlm", ShakespeareWindows.preset(shared),
                tmp.resolve("run"), 2);
        assertThatThrownBy(() -> Jobs.run(new TrainJob(), s)).isInstanceOf(UsageException.class)
                .hasMessageContaining("has no id, token_type_ids, masked_positions, masked_labels, next_sentence_label columns").hasMessageContaining("--set task=mlm");
        assertThatThrownBy(() -> Jobs.run(new TrainJob(), settings(shared.resolve("windows"), "causal",
                writeBertPreset(tmp), tmp.resolve("run2"), 2)))
                .isInstanceOf(UsageException.class).hasMessage("train: task causal trains [gpt, gpt2, bloom, llama] models, not bert");
    }

    private static Path writeBertPreset(Path tmp) {
        try {
            Path p = tmp.resolve("b.conf");
            Files.writeString(p, "model { family = bert, vocab-size = 384, max-positions = 32, d-model = 16, layers = 1, "
                    + "heads = 2, ffn-size = 32, segment-types = 2 }");
            return p;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
