package io.sparkllm.jobs.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.model.checkpoint.SavedModels;
import io.sparkllm.model.generate.DecoderSession;
import io.sparkllm.model.zoo.KvCacheDecoder;
import io.sparkllm.runtime.JobFailedException;
import io.sparkllm.runtime.UsageException;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import io.sparkllm.testing.Jobs;
import io.sparkllm.testing.ShakespeareWindows;
import io.sparkllm.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Trains a small GPT-2 on Tiny Shakespeare, tokenized by a tokenizer trained on it, on local[2]. */
public class TrainJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path shared;
    private static Path windows;
    private static Path preset;

    @BeforeAll
    static void prepare() throws Exception {
        TestSpark.session();
        windows = ShakespeareWindows.prepare(shared);
        preset = ShakespeareWindows.preset(shared);
    }

    /** Two workers of 8 windows, averaging every 2 minibatches, 16 steps. */
    public static Map<String, Object> settings(Path windows, Path preset, Path out) {
        Map<String, Object> s = new HashMap<>();
        s.put("input", List.of(windows.toString()));
        s.put("output", out.toString());
        s.put("model", preset.toString());
        s.put("batch-size-per-worker", 8);
        s.put("averaging-frequency", 2);
        s.put("workers", 2);
        s.put("learning-rate", 1e-2);
        s.put("warmup-steps", 2);
        s.put("max-steps", 16);
        s.put("checkpoint-every", 2);
        s.put("valid-batches", 4);
        return s;
    }

    public static List<JsonNode> metrics(Path out) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    /**
     * Windows that span a scene boundary: the example's mask numbers the two scenes, and through
     * it a LLaMA (rotary positions, so only relative positions count) gives the second scene the
     * logits it has on its own: no attention crosses the boundary.
     */
    @Test
    void windowsPackedFromSeveralScenesAttendWithinEachScene() {
        List<org.apache.spark.sql.Row> spanning = TestSpark.session().read().parquet(windows.resolve("train").toString())
                .where("exists(document_starts, s -> s > 0 and s < 30)").orderBy("window").limit(4).collectAsList();
        assertThat(spanning).hasSize(4);
        io.sparkllm.model.zoo.ModelSpec spec = io.sparkllm.model.zoo.ModelSpec.fromConfig(com.typesafe.config.ConfigFactory
                .parseString("model { family = llama, vocab-size = " + ShakespeareWindows.VOCAB
                        + ", max-positions = 32, d-model = 32, layers = 2, heads = 2, ffn-size = 64 }"));
        org.deeplearning4j.nn.graph.ComputationGraph llama = io.sparkllm.model.zoo.ModelGraphs.create(spec, 3, DataType.FLOAT);
        TrainTask task = TrainTask.named("causal");
        for (org.apache.spark.sql.Row window : spanning) {
            int start = window.<Integer>getList(window.fieldIndex("document_starts")).stream()
                    .filter(s -> s > 0 && s < 30).findFirst().orElseThrow();
            org.nd4j.linalg.dataset.api.MultiDataSet example = task.example(window);
            org.nd4j.linalg.api.ndarray.INDArray mask = example.getFeaturesMaskArray(0);
            assertThat(mask.getDouble(0, start)).as("window %s", window.get(0)).isEqualTo(mask.getDouble(0, start - 1) + 1);
            assertThat(example.getLabelsMaskArray(0).minNumber().doubleValue()).as("every target counts").isEqualTo(1.0);
            llama.setLayerMaskArrays(new org.nd4j.linalg.api.ndarray.INDArray[] {mask}, null);
            org.nd4j.linalg.api.ndarray.INDArray packed = io.sparkllm.model.zoo.Logits.of(llama, example.getFeatures(0)).dup();
            llama.clearLayerMaskArrays();
            long time = example.getFeatures(0).size(2);
            org.nd4j.linalg.indexing.INDArrayIndex rest = org.nd4j.linalg.indexing.NDArrayIndex.interval(start, time);
            org.nd4j.linalg.api.ndarray.INDArray alone = io.sparkllm.model.zoo.Logits.of(llama, example.getFeatures(0)
                    .get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(), rest).dup());
            org.nd4j.linalg.api.ndarray.INDArray second = packed.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), rest,
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            assertThat(org.nd4j.linalg.ops.transforms.Transforms.abs(second.sub(alone)).maxNumber().doubleValue())
                    .as("window %s, scene starting at %d", window.get(0), start).isLessThan(1e-4);
        }
    }

    @Test
    void lossFallsAndTheModelMetricsChartAndCheckpointsAreWritten(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        JsonNode manifest = Jobs.run(new TrainJob(), settings(windows, preset, out));
        List<JsonNode> lines = metrics(out);
        // Rounds are cut by hash, so a round's step count varies around averaging-frequency.
        long steps = lines.get(lines.size() - 1).get("step").asLong();
        assertThat(steps).isBetween(16L, 19L);
        assertThat(lines.get(lines.size() - 2).get("step").asLong()).isLessThan(16);
        double first = lines.get(0).get("loss").asDouble();
        double last = lines.get(lines.size() - 1).get("loss").asDouble();
        assertThat(first).as("per token, starting near ln(384) = 5.95").isBetween(5.5, 6.5);
        assertThat(last).isLessThan(first - 0.5);
        assertThat(lines.get(lines.size() - 1).get("valid_loss").asDouble()).isLessThan(first - 0.4);
        for (JsonNode line : lines) {
            assertThat(line.get("tokens_per_second").asDouble()).isPositive();
            assertThat(line.get("mfu").asDouble()).isBetween(0.0, 1.0);
        }
        assertThat(lines.get(0).get("learning_rate").asDouble()).as("half way through warmup").isCloseTo(5e-3, within(1e-9));
        byte[] png = Files.readAllBytes(out.resolve("loss.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(JSON.readTree(out.resolve("summary.json").toFile()).get("steps").asLong()).isEqualTo(steps);
        assertThat(manifest.get("counts").get("steps").asLong()).isEqualTo(steps);

        SavedModels.Loaded model = SavedModels.load(out.resolve("model"), DataType.FLOAT);
        assertThat(out.resolve("model/tokenizer.json")).exists();
        try (DecoderSession session = new KvCacheDecoder(model.graph(), model.spec()).open()) {
            assertThat(session.append(new int[] {5, 6, 7})).hasSize(384);
        }
        try (var checkpoints = Files.list(Path.of(out + ".checkpoints"))) {
            assertThat(checkpoints.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("step-")))
                    .hasSize(lines.size() / 2).noneMatch(n -> n.endsWith(".partial"));
        }
    }

    @Test
    void inputThatIsNotTokenizeOutputIsOneLineAndLeavesNoOutput(@TempDir Path tmp) throws Exception {
        Path missing = tmp.resolve("no-valid");
        Files.createDirectories(missing.resolve("train"));
        assertThatThrownBy(() -> Jobs.run(new TrainJob(), settings(missing, preset, tmp.resolve("a"))))
                .isInstanceOf(UsageException.class)
                .hasMessage("train: " + missing + " has no valid: input must be sparkllm tokenize output");

        Path text = tmp.resolve("text-rows");
        for (String split : List.of("train", "valid")) {
            TestSpark.session().createDataFrame(List.of(RowFactory.create("d1", "not token ids")),
                    new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType))
                    .write().parquet(text.resolve(split).toString());
        }
        Files.copy(windows.resolve("tokenizer.json"), text.resolve("tokenizer.json"));
        assertThatThrownBy(() -> Jobs.run(new TrainJob(), settings(text, preset, tmp.resolve("b"))))
                .isInstanceOf(UsageException.class)
                .hasMessage("train: " + text + "/train has no window, input_ids, document_starts columns: task causal reads sparkllm tokenize "
                        + "--set task=causal output");
        assertThat(tmp.resolve("a")).doesNotExist();
        assertThat(tmp.resolve("b")).doesNotExist();
    }

    @Test
    void aResumedRunFollowsTheUninterruptedOne(@TempDir Path tmp) throws Exception {
        Path whole = tmp.resolve("whole");
        Jobs.run(new TrainJob(), settings(windows, preset, whole));
        Path interrupted = tmp.resolve("interrupted");
        Map<String, Object> first = settings(windows, preset, interrupted);
        first.put("stop-after-rounds", 3);
        assertThatThrownBy(() -> Jobs.run(new TrainJob(), first)).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("stopped after 3 rounds");
        assertThat(interrupted).doesNotExist();
        Map<String, Object> resumed = settings(windows, preset, interrupted);
        resumed.put("resume", true);
        Jobs.run(new TrainJob(), resumed);

        List<JsonNode> a = metrics(whole);
        List<JsonNode> b = metrics(interrupted);
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).get("step").asLong()).isEqualTo(a.get(i).get("step").asLong());
            assertThat(b.get(i).get("loss").asDouble()).as("round %d", i).isCloseTo(a.get(i).get("loss").asDouble(), within(1e-3));
        }
    }
    @Test
    void globalNormClippingReachesTheWorkers(@TempDir Path tmp) throws Exception {
        // A limit so small that Adam's steps vanish (the clipped gradients sit far below its epsilon):
        // the model stays where it started, which it would not unless every worker clipped.
        Map<String, Object> s = settings(windows, preset, tmp.resolve("clipped"));
        s.put("max-steps", 4);
        s.put("clip-norm", 1e-9);
        Jobs.run(new TrainJob(), s);
        List<JsonNode> lines = metrics(tmp.resolve("clipped"));
        assertThat(lines.get(lines.size() - 1).get("valid_loss").asDouble())
                .isCloseTo(lines.get(0).get("valid_loss").asDouble(), within(1e-3));
        Map<String, Object> free = settings(windows, preset, tmp.resolve("free"));
        free.put("max-steps", 4);
        Jobs.run(new TrainJob(), free);
        List<JsonNode> freeLines = metrics(tmp.resolve("free"));
        assertThat(freeLines.get(freeLines.size() - 1).get("valid_loss").asDouble())
                .isLessThan(freeLines.get(0).get("valid_loss").asDouble() - 0.05);
    }
}
