package io.sparkllm.model.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TiedEmbeddingTest {
    private static final int VOCAB = 7;
    private static final int SIZE = 4;
    private static final int TIME = 5;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static ComputationGraph graph(TokenEmbedding.Positions positions, int segments, boolean headBias) {
        var builder = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).updater(new NoOp())
                .graphBuilder();
        if (segments > 0) {
            builder.addInputs("tokens", "segments").setInputTypes(InputType.recurrent(1, TIME), InputType.recurrent(1, TIME));
        } else {
            builder.addInputs("tokens").setInputTypes(InputType.recurrent(1, TIME));
        }
        builder.addVertex("wte", new WeightTable(VOCAB, SIZE, 0.5), "tokens");
        TokenEmbedding embedding = new TokenEmbedding(SIZE, positions, 8, segments, 1.5, 0.5);
        if (segments > 0) {
            builder.addVertex("embed", embedding, "tokens", "wte", "segments");
        } else {
            builder.addVertex("embed", embedding, "tokens", "wte");
        }
        builder.addLayer("ln", new LayerNorm(), "embed")
                .addVertex("head", new LmHead(VOCAB, headBias), "ln", "wte")
                .addLayer("loss", new SparseSoftmaxLoss(), "head")
                .setOutputs("loss");
        ComputationGraph net = new ComputationGraph(builder.build());
        net.init();
        return net;
    }

    /** Ids with repeats, so the table's scatter-add must accumulate. */
    private static INDArray ids(long seed, int range) {
        java.util.Random random = new java.util.Random(seed);
        double[] ids = new double[2 * TIME];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(range);
        }
        return Nd4j.createFromArray(ids).reshape(2, 1, TIME);
    }

    @Test
    void tiedTableGetsTheSumOfLookupAndHeadGradients() {
        for (TokenEmbedding.Positions positions : TokenEmbedding.Positions.values()) {
            ComputationGraph net = graph(positions, 0, true);
            net.getVertex("head").paramTable(false).get(LmHead.BIAS).assign(Nd4j.rand(DataType.DOUBLE, 1, VOCAB));
            assertThat(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                    .inputs(new INDArray[] {ids(1, VOCAB)}).labels(new INDArray[] {ids(2, VOCAB)})
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8))).as(positions.name()).isTrue();
        }
    }

    @Test
    void segmentsAndLabelMaskGradients() {
        ComputationGraph net = graph(TokenEmbedding.Positions.LEARNED, 2, false);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 2, TIME);
        mask.putScalar(1, TIME - 1, 0);
        mask.putScalar(1, TIME - 2, 0);
        assertThat(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[] {ids(1, VOCAB), ids(4, 2)}).labels(new INDArray[] {ids(2, VOCAB)})
                .labelMask(new INDArray[] {mask})
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8))).isTrue();
    }

    @Test
    void logitsAreTheHiddenStatesTimesTheEmbeddingTable() {
        ComputationGraph net = graph(TokenEmbedding.Positions.SINUSOIDAL, 0, false);
        INDArray tokens = ids(7, VOCAB);
        var activations = net.feedForward(new INDArray[] {tokens}, false);
        INDArray hidden = activations.get("ln");
        INDArray logits = activations.get("head");
        INDArray table = net.getVertex("wte").paramTable(false).get(WeightTable.WEIGHT);
        assertThat(logits.shape()).containsExactly(2 * TIME, VOCAB);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < TIME; t++) {
                for (int v = 0; v < VOCAB; v++) {
                    double expected = 0;
                    for (int d = 0; d < SIZE; d++) {
                        expected += hidden.getDouble(b, d, t) * table.getDouble(v, d);
                    }
                    assertThat(logits.getDouble(b * TIME + t, v)).isCloseTo(expected, within(1e-12));
                }
            }
        }
        INDArray embedded = activations.get("embed");
        int token = tokens.getInt(1, 0, 3);
        double angle = 3 * Math.pow(10000, -2.0 / SIZE);
        assertThat(embedded.getDouble(1, 2, 3)).isCloseTo(1.5 * table.getDouble(token, 2) + Math.sin(angle), within(1e-12));
        assertThat(embedded.getDouble(1, 3, 3)).isCloseTo(1.5 * table.getDouble(token, 3) + Math.cos(angle), within(1e-12));
    }

    @Test
    void survivesJsonRoundTrip() {
        ComputationGraph net = graph(TokenEmbedding.Positions.LEARNED, 2, true);
        ComputationGraph copy = new ComputationGraph(ComputationGraphConfiguration.fromJson(net.getConfiguration().toJson()));
        copy.init(net.params().dup(), false);
        INDArray[] inputs = {ids(1, VOCAB), ids(4, 2)};
        assertThat(copy.outputSingle(inputs)).isEqualTo(net.outputSingle(inputs));
    }
}
