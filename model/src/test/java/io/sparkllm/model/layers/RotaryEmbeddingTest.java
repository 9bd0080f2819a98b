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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RotaryEmbeddingTest {
    private static final int HEADS = 2;
    private static final int HEAD_SIZE = 4;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static MultiLayerNetwork network() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(3).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .list()
                .layer(new org.deeplearning4j.nn.conf.layers.LSTM.Builder().nOut(HEADS * HEAD_SIZE)
                        .activation(Activation.TANH).build())
                .layer(new RotaryEmbedding(HEADS, HEAD_SIZE))
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(3, 5))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** The rotation written out: pair (i, i + d/2) of each head turns by p·theta^(-2i/d). */
    private static double expected(INDArray x, int b, int feature, int p) {
        int head = feature / HEAD_SIZE;
        int i = feature % HEAD_SIZE;
        int half = HEAD_SIZE / 2;
        int pairIndex = i % half;
        double angle = p * Math.pow(10000, -2.0 * pairIndex / HEAD_SIZE);
        double a = x.getDouble(b, head * HEAD_SIZE + pairIndex, p);
        double c = x.getDouble(b, head * HEAD_SIZE + pairIndex + half, p);
        return i < half ? a * Math.cos(angle) - c * Math.sin(angle) : c * Math.cos(angle) + a * Math.sin(angle);
    }

    @Test
    void rotatesEachPairByItsPositionsAngle() {
        MultiLayerNetwork net = network();
        INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 3, 5);
        INDArray before = net.feedForward(input, false).get(1);
        INDArray after = net.feedForward(input, false).get(2);
        for (int b = 0; b < 2; b++) {
            for (int f = 0; f < HEADS * HEAD_SIZE; f++) {
                assertThat(after.getDouble(b, f, 0)).as("position 0 is not turned").isCloseTo(before.getDouble(b, f, 0), within(1e-12));
                for (int p = 0; p < 5; p++) {
                    assertThat(after.getDouble(b, f, p)).isCloseTo(expected(before, b, f, p), within(1e-12));
                }
            }
        }
    }

    @Test
    void dotProductsOfRotatedVectorsDependOnlyOnTheDistance() {
        MultiLayerNetwork net = network();
        RotaryEmbedding layer = new RotaryEmbedding(HEADS, HEAD_SIZE);
        // The same query and key placed at positions (1, 3) and (4, 6): distance 2 both times.
        INDArray q = Nd4j.rand(DataType.DOUBLE, 1, HEADS * HEAD_SIZE, 1);
        INDArray k = Nd4j.rand(DataType.DOUBLE, 1, HEADS * HEAD_SIZE, 1);
        INDArray sequence = Nd4j.zeros(DataType.DOUBLE, 1, HEADS * HEAD_SIZE, 7);
        for (int p : new int[] {1, 4}) {
            sequence.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(p)).assign(q.reshape(1, HEADS * HEAD_SIZE));
        }
        for (int p : new int[] {3, 6}) {
            sequence.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(p)).assign(k.reshape(1, HEADS * HEAD_SIZE));
        }
        INDArray rotated = net.getLayer(1).activate(sequence, false, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        for (int head = 0; head < HEADS; head++) {
            var features = NDArrayIndex.interval(head * HEAD_SIZE, (head + 1) * HEAD_SIZE);
            double near = rotated.get(NDArrayIndex.point(0), features, NDArrayIndex.point(1))
                    .mul(rotated.get(NDArrayIndex.point(0), features, NDArrayIndex.point(3))).sumNumber().doubleValue();
            double far = rotated.get(NDArrayIndex.point(0), features, NDArrayIndex.point(4))
                    .mul(rotated.get(NDArrayIndex.point(0), features, NDArrayIndex.point(6))).sumNumber().doubleValue();
            assertThat(far).isCloseTo(near, within(1e-12));
        }
        assertThat(layer.getTheta()).isEqualTo(10000);
    }

    @Test
    void gradientsFlowBackThroughTheRotationExactly() {
        MultiLayerNetwork net = network();
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 2, 3, 5);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 5; t++) {
                labels.putScalar(new int[] {b, (b + 2 * t) % 3, t}, 1.0);
            }
        }
        assertThat(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                .input(Nd4j.rand(DataType.DOUBLE, 2, 3, 5).subi(0.5)).labels(labels)
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8))).isTrue();
    }

    @Test
    void survivesTheJsonRoundTripAndRefusesAMismatchedSize() {
        MultiLayerNetwork net = network();
        MultiLayerNetwork copy = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson()));
        copy.init(net.params().dup(), false);
        INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 3, 5);
        assertThat(copy.output(input)).isEqualTo(net.output(input));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RotaryEmbedding(3, 4).setNIn(InputType.recurrent(8), false))
                .hasMessageContaining("3 heads x 4 (even) must equal the input size 8");
    }
}
