package io.sparkllm.model.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SelfAttentionTest {
    private static final int SIZE = 8;
    private static final int HEADS = 2;
    private static final int TIME = 5;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static MultiLayerNetwork network(SelfAttention attention) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(9).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .list()
                .layer(attention)
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(SIZE, TIME))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        // Biases off zero, so their use is checked too.
        net.getLayer(0).paramTable().forEach((name, p) -> {
            if (name.endsWith("b")) {
                p.assign(Nd4j.rand(DataType.DOUBLE, p.shape()).subi(0.5));
            }
        });
        return net;
    }

    /** Attention written out with loops, from the layer's own parameters. */
    private static INDArray reference(SelfAttention layer, java.util.Map<String, INDArray> p, INDArray x, INDArray mask) {
        int b = (int) x.size(0);
        int hs = SIZE / HEADS;
        double[] slopes = SelfAttention.alibiSlopes(HEADS, DataType.DOUBLE).toDoubleVector();
        double[][][] q = new double[b][TIME][];
        double[][][] k = new double[b][TIME][];
        double[][][] v = new double[b][TIME][];
        INDArray out = Nd4j.zeros(DataType.DOUBLE, b, SIZE, TIME);
        for (int n = 0; n < b; n++) {
            for (int t = 0; t < TIME; t++) {
                INDArray row = x.get(NDArrayIndex.point(n), NDArrayIndex.all(), NDArrayIndex.point(t)).reshape(1, SIZE);
                q[n][t] = rotated(layer, project(row, p, "wq", layer).toDoubleVector(), t);
                k[n][t] = rotated(layer, project(row, p, "wk", layer).toDoubleVector(), t);
                v[n][t] = project(row, p, "wv", layer).toDoubleVector();
            }
            for (int i = 0; i < TIME; i++) {
                double[] merged = new double[SIZE];
                for (int h = 0; h < HEADS; h++) {
                    double[] scores = new double[TIME];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < TIME; j++) {
                        double s = 0;
                        for (int f = h * hs; f < (h + 1) * hs; f++) {
                            s += q[n][i][f] * k[n][j][f];
                        }
                        s /= Math.sqrt(hs);
                        if (layer.getPositions() == SelfAttention.Positions.ALIBI) {
                            s += slopes[h] * (j - i);
                        }
                        boolean hidden = (layer.isCausal() && j > i) || (mask != null && mask.getDouble(n, j) == 0);
                        scores[j] = hidden ? Double.NEGATIVE_INFINITY : s;
                        max = Math.max(max, scores[j]);
                    }
                    double total = 0;
                    for (int j = 0; j < TIME; j++) {
                        scores[j] = Math.exp(scores[j] - max);
                        total += scores[j];
                    }
                    for (int j = 0; j < TIME; j++) {
                        for (int f = h * hs; f < (h + 1) * hs; f++) {
                            merged[f] += scores[j] / total * v[n][j][f];
                        }
                    }
                }
                INDArray o = project(Nd4j.createFromArray(merged).reshape(1, SIZE), p, "wo", layer);
                out.get(NDArrayIndex.point(n), NDArrayIndex.all(), NDArrayIndex.point(i)).assign(o.reshape(SIZE));
            }
        }
        return out;
    }

    private static INDArray project(INDArray row, java.util.Map<String, INDArray> p, String name, SelfAttention layer) {
        INDArray out = row.mmul(p.get(name));
        return layer.isProjectionBias() ? out.add(p.get(name + "b")) : out;
    }

    private static double[] rotated(SelfAttention layer, double[] x, int position) {
        if (layer.getPositions() != SelfAttention.Positions.ROTARY) {
            return x;
        }
        int hs = SIZE / HEADS;
        double[] out = x.clone();
        for (int h = 0; h < HEADS; h++) {
            for (int i = 0; i < hs / 2; i++) {
                double angle = position * Math.pow(10000, -2.0 * i / hs);
                double a = x[h * hs + i];
                double c = x[h * hs + i + hs / 2];
                out[h * hs + i] = a * Math.cos(angle) - c * Math.sin(angle);
                out[h * hs + i + hs / 2] = c * Math.cos(angle) + a * Math.sin(angle);
            }
        }
        return out;
    }

    private static List<SelfAttention> variants() {
        return List.of(new SelfAttention(HEADS, true, SelfAttention.Positions.NONE, true),
                new SelfAttention(HEADS, true, SelfAttention.Positions.ROTARY, false),
                new SelfAttention(HEADS, true, SelfAttention.Positions.ALIBI, true),
                new SelfAttention(HEADS, false, SelfAttention.Positions.NONE, true));
    }

    private static INDArray padding() {
        // The second sequence has two padded steps at the end.
        return Nd4j.createFromArray(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}});
    }

    @Test
    void everyVariantEqualsAttentionWrittenOutWithLoops() {
        for (SelfAttention variant : variants()) {
            MultiLayerNetwork net = network(variant);
            SelfAttention layer = (SelfAttention) net.getLayerWiseConfigurations().getConf(0).getLayer();
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, SIZE, TIME).subi(0.5);
            for (INDArray mask : new INDArray[] {null, padding()}) {
                INDArray actual = net.feedForward(x, mask, mask).get(1);
                INDArray expected = reference(layer, net.getLayer(0).paramTable(), x, mask);
                for (int n = 0; n < 2; n++) {
                    for (int t = 0; t < TIME; t++) {
                        if (mask != null && mask.getDouble(n, t) == 0) {
                            continue;
                        }
                        for (int f = 0; f < SIZE; f++) {
                            assertThat(actual.getDouble(n, f, t)).as("%s %s mask=%s", variant.getPositions(),
                                    variant.isCausal() ? "causal" : "bidirectional", mask != null)
                                    .isCloseTo(expected.getDouble(n, f, t), within(1e-10));
                        }
                    }
                }
            }
        }
    }

    @Test
    void aCausalLayerNeverLetsALaterStepChangeAnEarlierOutput() {
        MultiLayerNetwork net = network(new SelfAttention(HEADS, true, SelfAttention.Positions.ROTARY, false));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, SIZE, TIME);
        for (int changed = 0; changed < TIME; changed++) {
            INDArray y = x.dup();
            y.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(changed)).addi(3.0);
            INDArray before = net.feedForward(x, false).get(1);
            INDArray after = net.feedForward(y, false).get(1);
            for (int t = 0; t < TIME; t++) {
                double difference = before.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(t))
                        .sub(after.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(t))).amaxNumber().doubleValue();
                if (t < changed) {
                    assertThat(difference).as("step %d after changing %d", t, changed).isZero();
                } else {
                    assertThat(difference).as("step %d after changing %d", t, changed).isGreaterThan(1e-6);
                }
            }
        }
    }

    @Test
    void paddedStepsChangeNothingAtRealSteps() {
        MultiLayerNetwork net = network(new SelfAttention(HEADS, false, SelfAttention.Positions.NONE, true));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, SIZE, TIME);
        INDArray y = x.dup();
        y.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.interval(3, 5)).assign(42.0);
        INDArray before = net.feedForward(x, padding(), padding()).get(1);
        INDArray after = net.feedForward(y, padding(), padding()).get(1);
        INDArray realBefore = before.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.interval(0, 3));
        INDArray realAfter = after.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.interval(0, 3));
        assertThat(realAfter.sub(realBefore).amaxNumber().doubleValue()).isZero();
    }

    @Test
    void gradientsMatchFiniteDifferencesForEveryVariantWithPadding() {
        for (SelfAttention variant : variants()) {
            MultiLayerNetwork net = network(variant);
            INDArray labels = Nd4j.zeros(DataType.DOUBLE, 2, 3, TIME);
            for (int n = 0; n < 2; n++) {
                for (int t = 0; t < TIME; t++) {
                    labels.putScalar(new int[] {n, (n + 2 * t) % 3, t}, 1.0);
                }
            }
            String which = variant.getPositions() + (variant.isCausal() ? " causal" : " bidirectional");
            boolean ok;
            try {
                // A sample of each parameter's entries keeps the check quick; every parameter is covered.
                ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                        .input(Nd4j.rand(DataType.DOUBLE, 2, SIZE, TIME).subi(0.5)).labels(labels)
                        .inputMask(padding()).labelMask(padding()).subset(true).maxPerParam(6)
                        .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
            } catch (RuntimeException e) {
                throw new AssertionError(which + ": " + e.getMessage(), e);
            }
            assertThat(ok).as(which).isTrue();
        }
    }

    @Test
    void survivesTheJsonRoundTripWithItsSettings() {
        MultiLayerNetwork net = network(new SelfAttention(HEADS, true, SelfAttention.Positions.ALIBI, true));
        String json = net.getLayerWiseConfigurations().toJson();
        MultiLayerNetwork copy = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
        copy.init(net.params().dup(), false);
        SelfAttention restored = (SelfAttention) copy.getLayerWiseConfigurations().getConf(0).getLayer();
        assertThat(restored.getPositions()).isEqualTo(SelfAttention.Positions.ALIBI);
        assertThat(restored.isProjectionBias()).isTrue();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, SIZE, TIME);
        assertThat(copy.output(x)).isEqualTo(net.output(x));
    }

    @Test
    void alibiSlopesAreThePublishedGeometricSequence() {
        assertThat(SelfAttention.alibiSlopes(8, DataType.DOUBLE).toDoubleVector())
                .containsExactly(0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.00390625);
        // 12 heads (not a power of two): the 8-head slopes, then every other slope of the 16-head sequence.
        double[] twelve = SelfAttention.alibiSlopes(12, DataType.DOUBLE).toDoubleVector();
        assertThat(twelve[8]).isCloseTo(Math.pow(2, -0.5), within(1e-12));
        assertThat(twelve[9]).isCloseTo(Math.pow(2, -1.5), within(1e-12));
    }
}
