package io.sparkllm.model.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SwiGluFeedForwardTest {
    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static MultiLayerNetwork network(InputType input, boolean recurrent) {
        var builder = new NeuralNetConfiguration.Builder()
                .seed(5).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .list()
                .layer(new SwiGluFeedForward(0, 7));
        builder.layer(recurrent
                ? new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build()
                : new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build());
        MultiLayerNetwork net = new MultiLayerNetwork(builder.setInputType(input).build());
        net.init();
        return net;
    }

    private static double silu(double x) {
        return x / (1 + Math.exp(-x));
    }

    @Test
    void computesDownOfSiluGateTimesUpForEveryTimeStep() {
        MultiLayerNetwork net = network(InputType.recurrent(4, 3), true);
        INDArray gate = net.getLayer(0).getParam(SwiGluFeedForward.GATE);
        INDArray up = net.getLayer(0).getParam(SwiGluFeedForward.UP);
        INDArray down = net.getLayer(0).getParam(SwiGluFeedForward.DOWN);
        INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 4, 3).subi(0.5);
        INDArray out = net.feedForward(input, false).get(1);
        assertThat(out.shape()).containsExactly(2, 4, 3);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                double[] hidden = new double[7];
                for (int h = 0; h < 7; h++) {
                    double g = 0;
                    double u = 0;
                    for (int d = 0; d < 4; d++) {
                        g += input.getDouble(b, d, t) * gate.getDouble(d, h);
                        u += input.getDouble(b, d, t) * up.getDouble(d, h);
                    }
                    hidden[h] = silu(g) * u;
                }
                for (int d = 0; d < 4; d++) {
                    double expected = 0;
                    for (int h = 0; h < 7; h++) {
                        expected += hidden[h] * down.getDouble(h, d);
                    }
                    assertThat(out.getDouble(b, d, t)).isCloseTo(expected, within(1e-12));
                }
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesOnFeedForwardAndRecurrentInput() {
        MultiLayerNetwork ff = network(InputType.feedForward(4), false);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 3, 3);
        for (int i = 0; i < 3; i++) {
            labels.putScalar(i, i, 1.0);
        }
        assertThat(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(ff)
                .input(Nd4j.rand(DataType.DOUBLE, 3, 4).subi(0.5)).labels(labels)
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8))).isTrue();

        MultiLayerNetwork rnn = network(InputType.recurrent(4, 3), true);
        INDArray sequenceLabels = Nd4j.zeros(DataType.DOUBLE, 2, 3, 3);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                sequenceLabels.putScalar(new int[] {b, (b + t) % 3, t}, 1.0);
            }
        }
        assertThat(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(rnn)
                .input(Nd4j.rand(DataType.DOUBLE, 2, 4, 3).subi(0.5)).labels(sequenceLabels)
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8))).isTrue();
    }

    @Test
    void survivesTheJsonRoundTripOfItsNetwork() {
        MultiLayerNetwork net = network(InputType.recurrent(4, 3), true);
        MultiLayerNetwork copy = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson()));
        copy.init(net.params().dup(), false);
        INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 4, 3);
        assertThat(copy.output(input)).isEqualTo(net.output(input));
    }
}
