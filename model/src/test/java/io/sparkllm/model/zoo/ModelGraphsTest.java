package io.sparkllm.model.zoo;

import io.sparkllm.model.train.FusedAdam;
import io.sparkllm.model.train.WarmupCosineSchedule;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.File;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ModelGraphsTest {
    private static final int TIME = 6;

    static INDArray ids(long seed, int batch, int range) {
        Random random = new Random(seed);
        double[] ids = new double[batch * TIME];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(range);
        }
        return Nd4j.createFromArray(ids).reshape(batch, 1, TIME);
    }

    private static INDArray[] inputs(Family family, int batch, long seed) {
        INDArray tokens = ids(seed, batch, TinySpecs.VOCAB);
        return switch (family) {
            case BERT -> new INDArray[] {tokens, ids(seed + 1, batch, 2)};
            case TRANSFORMER -> new INDArray[] {ids(seed + 2, batch, TinySpecs.VOCAB), tokens};
            default -> new INDArray[] {tokens};
        };
    }

    private static INDArray[] labels(Family family, int batch, long seed) {
        INDArray next = ids(seed + 7, batch, TinySpecs.VOCAB);
        if (family != Family.BERT) {
            return new INDArray[] {next};
        }
        INDArray nsp = Nd4j.zeros(DataType.DOUBLE, batch, 2);
        for (int b = 0; b < batch; b++) {
            nsp.putScalar(b, b % 2, 1.0);
        }
        return new INDArray[] {next, nsp};
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void wholeModelGradientsMatchFiniteDifferences(Family family) {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        ComputationGraph net = new ComputationGraph(ModelGraphs.configuration(TinySpecs.of(family, 1), 1, new NoOp(), DataType.DOUBLE));
        net.init();
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 2, TIME);
        mask.putScalar(1, TIME - 1, 0);
        INDArray sourceMask = Nd4j.ones(DataType.DOUBLE, 2, TIME);
        sourceMask.putScalar(0, TIME - 1, 0);
        sourceMask.putScalar(0, TIME - 2, 0);
        INDArray[] inputMasks = switch (family) {
            case BERT -> new INDArray[] {mask, mask};
            case TRANSFORMER -> new INDArray[] {sourceMask, mask};
            default -> new INDArray[] {mask};
        };
        assertThat(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(inputs(family, 2, 3)).labels(labels(family, 2, 3)).inputMask(inputMasks)
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-7))).isTrue();
    }

    @Test
    void groupedQueryLlamaGradientsMatchFiniteDifferencesAndStayCausal() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        ModelSpec spec = TinySpecs.groupedLlama(1);
        ComputationGraph net = new ComputationGraph(ModelGraphs.configuration(spec, 1, new NoOp(), DataType.DOUBLE));
        net.init();
        assertThat(net.getParam(GraphNames.block(0, "attn") + "_" + io.sparkllm.model.layers.SelfAttention.KEY).shape())
                .as("keys: 2 heads of 2").containsExactly(8, 4);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 2, TIME);
        mask.putScalar(1, TIME - 1, 0);
        assertThat(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(inputs(Family.LLAMA, 2, 3)).labels(labels(Family.LLAMA, 2, 3)).inputMask(new INDArray[] {mask})
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-7))).isTrue();
        INDArray tokens = ids(11, 2, TinySpecs.VOCAB);
        INDArray before = logits(net, new INDArray[] {tokens}, null);
        INDArray changed = tokens.dup();
        changed.putScalar(new int[] {0, 0, 3}, (tokens.getInt(0, 0, 3) + 1) % TinySpecs.VOCAB);
        org.nd4j.linalg.indexing.INDArrayIndex earlier = NDArrayIndex.interval(0, 3);
        assertThat(logits(net, new INDArray[] {changed}, null).get(NDArrayIndex.all(), NDArrayIndex.all(), earlier))
                .isEqualTo(before.get(NDArrayIndex.all(), NDArrayIndex.all(), earlier));
    }

    /** Logits at every position, [batch, vocab, time]; for BERT the MLM logits. */
    private static INDArray logits(ComputationGraph net, INDArray[] inputs, INDArray[] masks) {
        net.setLayerMaskArrays(masks, null);
        INDArray logits = Logits.of(net, inputs).permute(0, 2, 1).dup();
        net.clearLayerMaskArrays();
        return logits;
    }

    @ParameterizedTest
    @EnumSource(value = Family.class, names = {"GPT", "GPT2", "BLOOM", "LLAMA"})
    void changingTokenTNeverChangesOutputsBeforeT(Family family) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ComputationGraph net = ModelGraphs.create(TinySpecs.of(family, 2), 5, DataType.FLOAT);
        INDArray tokens = ids(11, 2, TinySpecs.VOCAB).castTo(DataType.FLOAT);
        INDArray before = logits(net, new INDArray[] {tokens}, null);
        for (int t = 1; t < TIME; t++) {
            INDArray changed = tokens.dup();
            changed.putScalar(new int[] {0, 0, t}, (tokens.getInt(0, 0, t) + 1) % TinySpecs.VOCAB);
            INDArray after = logits(net, new INDArray[] {changed}, null);
            INDArray earlier = NDArrayIndex.interval(0, t).length() > 0
                    ? after.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, t)) : null;
            assertThat(earlier).as("t=%d", t).isEqualTo(before.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, t)));
            assertThat(after.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(t)))
                    .as("position t itself sees the change")
                    .isNotEqualTo(before.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(t)));
        }
    }

    /**
     * A mask of document numbers (two documents packed into one window) keeps attention within
     * each document: the second document's outputs never see the first's tokens. With relative
     * positions (rotary, ALiBi) they equal the second document's outputs on its own.
     */
    @ParameterizedTest
    @EnumSource(value = Family.class, names = {"GPT", "GPT2", "BLOOM", "LLAMA"})
    void packedDocumentsNeverAttendToEachOther(Family family) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ComputationGraph net = ModelGraphs.create(TinySpecs.of(family, 2), 5, DataType.FLOAT);
        INDArray tokens = ids(13, 2, TinySpecs.VOCAB).castTo(DataType.FLOAT);
        int split = 2;
        INDArray documents = Nd4j.createFromArray(new float[][] {{1, 1, 2, 2, 2, 2}, {1, 1, 2, 2, 2, 2}});
        INDArray[] masks = {documents};
        INDArray before = logits(net, new INDArray[] {tokens}, masks);
        INDArray changed = tokens.dup();
        changed.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, split)).addi(1).fmodi(TinySpecs.VOCAB);
        org.nd4j.linalg.indexing.INDArrayIndex second = NDArrayIndex.interval(split, TIME);
        assertThat(logits(net, new INDArray[] {changed}, masks).get(NDArrayIndex.all(), NDArrayIndex.all(), second))
                .isEqualTo(before.get(NDArrayIndex.all(), NDArrayIndex.all(), second));
        assertThat(logits(net, new INDArray[] {changed}, null).get(NDArrayIndex.all(), NDArrayIndex.all(), second))
                .as("without document masks the first document shows")
                .isNotEqualTo(logits(net, new INDArray[] {tokens}, null).get(NDArrayIndex.all(), NDArrayIndex.all(), second));
        if (family == Family.BLOOM || family == Family.LLAMA) {
            INDArray alone = logits(net, new INDArray[] {tokens.get(NDArrayIndex.all(), NDArrayIndex.all(), second).dup()}, null);
            INDArray packed = before.get(NDArrayIndex.all(), NDArrayIndex.all(), second);
            assertThat(Transforms.abs(alone.sub(packed)).maxNumber().doubleValue()).isLessThan(1e-5);
        }
    }

    /** Guards against stateful backward passes (DL4J M2.1's SameDiff vertex runtime had one). */
    @ParameterizedTest
    @EnumSource(value = Family.class, names = {"TRANSFORMER", "BERT"})
    void repeatedBackwardPassesOnOneBatchGiveIdenticalGradients(Family family) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ComputationGraph net = ModelGraphs.create(TinySpecs.of(family, 1), 5, DataType.FLOAT);
        INDArray[] in = cast(inputs(family, 2, 51));
        INDArray[] lab = cast(labels(family, 2, 51));
        INDArray first = null;
        for (int round = 0; round < 3; round++) {
            net.setInputs(in);
            net.setLabels(lab);
            net.computeGradientAndScore();
            INDArray gradient = net.gradient().gradient().dup();
            if (first == null) {
                first = gradient;
            } else {
                assertThat(gradient).as("round %d", round).isEqualTo(first);
            }
        }
    }

    @Test
    void transformerDecoderIsCausalAndIgnoresPaddedSourceTokens() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ComputationGraph net = ModelGraphs.create(TinySpecs.of(Family.TRANSFORMER, 2), 5, DataType.FLOAT);
        INDArray[] inputs = cast(inputs(Family.TRANSFORMER, 2, 51));
        INDArray sourceMask = Nd4j.ones(DataType.FLOAT, 2, TIME);
        sourceMask.get(NDArrayIndex.point(1), NDArrayIndex.interval(3, TIME)).assign(0);
        INDArray[] masks = {sourceMask, Nd4j.ones(DataType.FLOAT, 2, TIME)};
        INDArray before = logits(net, inputs, masks);

        INDArray[] paddedChanged = {inputs[0].dup(), inputs[1]};
        paddedChanged[0].get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.interval(3, TIME)).addi(1).fmodi(TinySpecs.VOCAB);
        assertThat(logits(net, paddedChanged, masks)).isEqualTo(before);

        INDArray[] sourceChanged = {inputs[0].dup(), inputs[1]};
        sourceChanged[0].putScalar(new int[] {1, 0, 0}, (inputs[0].getInt(1, 0, 0) + 1) % TinySpecs.VOCAB);
        assertThat(logits(net, sourceChanged, masks).get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.point(0)))
                .as("a real source token reaches the first target step")
                .isNotEqualTo(before.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.point(0)));

        INDArray[] targetChanged = {inputs[0], inputs[1].dup()};
        targetChanged[1].putScalar(new int[] {0, 0, 3}, (inputs[1].getInt(0, 0, 3) + 1) % TinySpecs.VOCAB);
        INDArray after = logits(net, targetChanged, masks);
        assertThat(after.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 3)))
                .isEqualTo(before.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 3)));
        assertThat(after.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(3)))
                .isNotEqualTo(before.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(3)));
    }

    /** Spark workers train a clone of the configuration: every vertex must keep its updater. */
    @ParameterizedTest
    @EnumSource(value = Family.class, names = {"TRANSFORMER", "BERT", "GPT2"})
    void aClonedConfigurationTrainsLikeTheOriginal(Family family) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ComputationGraph net = new ComputationGraph(ModelGraphs.configuration(TinySpecs.of(family, 1), 9, new Adam(1e-2), DataType.FLOAT));
        net.init();
        ComputationGraph copy = new ComputationGraph(net.getConfiguration().clone());
        copy.init(net.params().dup(), false);
        MultiDataSet batch = new MultiDataSet(cast(inputs(family, 4, 31)), cast(labels(family, 4, 31)));
        net.fit(batch);
        copy.fit(batch);
        assertThat(copy.params()).isEqualTo(net.params());
    }

    @Test
    void dropoutActsInTrainingOnlyAndTakesPaddedBatches() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ModelSpec tiny = TinySpecs.of(Family.GPT2, 2);
        ModelSpec spec = new ModelSpec(tiny.family(), tiny.vocabSize(), tiny.maxPositions(), tiny.dModel(), tiny.layers(),
                tiny.heads(), tiny.ffnSize(), tiny.normEpsilon(), tiny.activation(), true, 0.3, 0.5, 10000, 0, 0);
        ComputationGraph net = ModelGraphs.create(spec, 5, DataType.FLOAT);
        INDArray[] inputs = cast(inputs(Family.GPT2, 2, 61));
        INDArray mask = Nd4j.ones(DataType.FLOAT, 2, TIME);
        mask.get(NDArrayIndex.point(1), NDArrayIndex.interval(4, TIME)).assign(0);
        INDArray inference = logits(net, inputs, new INDArray[] {mask});
        assertThat(logits(net, inputs, new INDArray[] {mask})).isEqualTo(inference);
        net.setLayerMaskArrays(new INDArray[] {mask}, null);
        INDArray training = Logits.of(net.feedForward(inputs, true), 2).permute(0, 2, 1).dup();
        net.clearLayerMaskArrays();
        assertThat(training).isNotEqualTo(inference);
        MultiDataSet batch = new MultiDataSet(inputs, cast(labels(Family.GPT2, 2, 61)), new INDArray[] {mask}, new INDArray[] {mask});
        double before = net.score(batch, false);
        for (int i = 0; i < 20; i++) {
            net.fit(batch);
        }
        assertThat(net.score(batch, false)).isLessThan(before);
    }

    @Test
    void paddedTokensNeverReachRealPositionsInBert() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ComputationGraph net = ModelGraphs.create(TinySpecs.of(Family.BERT, 2), 5, DataType.FLOAT);
        INDArray[] inputs = inputs(Family.BERT, 2, 21);
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = inputs[i].castTo(DataType.FLOAT);
        }
        INDArray mask = Nd4j.ones(DataType.FLOAT, 2, TIME);
        mask.get(NDArrayIndex.point(1), NDArrayIndex.interval(4, TIME)).assign(0);
        INDArray[] masks = {mask, mask};
        INDArray before = logits(net, inputs, masks);
        INDArray[] changed = {inputs[0].dup(), inputs[1]};
        changed[0].get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.interval(4, TIME)).addi(1).fmodi(TinySpecs.VOCAB);
        INDArray after = logits(net, changed, masks);
        assertThat(after.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.interval(0, 4)))
                .isEqualTo(before.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.interval(0, 4)));
        INDArray unmasked = logits(net, changed, null);
        assertThat(unmasked.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.interval(0, 4)))
                .as("without the mask the padded tokens do show")
                .isNotEqualTo(before.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.interval(0, 4)));
    }

    @ParameterizedTest
    @EnumSource(value = Family.class, names = {"BERT", "LLAMA", "BLOOM", "TRANSFORMER"})
    void savedModelWithUpdaterStateRestoresAndTrainsOnIdentically(Family family, @TempDir Path dir) throws Exception {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ComputationGraph net = new ComputationGraph(ModelGraphs.configuration(TinySpecs.of(family, 2), 9, new Adam(1e-2), DataType.FLOAT));
        net.init();
        MultiDataSet batch = new MultiDataSet(cast(inputs(family, 4, 31)), cast(labels(family, 4, 31)));
        for (int i = 0; i < 3; i++) {
            net.fit(batch);
        }
        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        INDArray[] probe = cast(inputs(family, 2, 41));
        assertThat(restored.params()).isEqualTo(net.params());
        assertThat(restored.output(probe)[0]).isEqualTo(net.output(probe)[0]);
        net.fit(batch);
        restored.fit(batch);
        assertThat(restored.params()).isEqualTo(net.params());
        assertThat(restored.getUpdater().getStateViewArray()).isEqualTo(net.getUpdater().getStateViewArray());
    }

    @Test
    void fusedAdamTrainsAGraphAsAdamDoesAndIsSavedWithIt(@TempDir Path dir) throws Exception {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ModelSpec spec = TinySpecs.of(Family.GPT2, 2);
        ComputationGraph plain = new ComputationGraph(ModelGraphs.configuration(spec, 9,
                new TrainingOptions(new Adam(new WarmupCosineSchedule(1e-2, 2, 10, 0.1)), 0.01, 1.0), DataType.FLOAT));
        ComputationGraph fused = new ComputationGraph(ModelGraphs.configuration(spec, 9,
                new TrainingOptions(new FusedAdam(new WarmupCosineSchedule(1e-2, 2, 10, 0.1)), 0.01, 1.0), DataType.FLOAT));
        plain.init();
        fused.init();
        MultiDataSet batch = new MultiDataSet(cast(inputs(Family.GPT2, 4, 31)), cast(labels(Family.GPT2, 4, 31)));
        for (int i = 0; i < 4; i++) {
            plain.fit(batch);
            fused.fit(batch);
        }
        assertThat(fused.params().sub(plain.params()).amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(plain.params()).isNotEqualTo(ModelGraphs.create(spec, 9, DataType.FLOAT).params());

        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(fused, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        assertThat(restored.getConfiguration().toJson()).contains(FusedAdam.class.getName());
        restored.fit(batch);
        fused.fit(batch);
        assertThat(restored.params()).isEqualTo(fused.params());
    }

    private static INDArray[] cast(INDArray[] arrays) {
        INDArray[] out = new INDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            out[i] = arrays[i].castTo(DataType.FLOAT);
        }
        return out;
    }
}
