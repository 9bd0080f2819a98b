package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RmsNormTest {
    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static MultiLayerNetwork feedForward() {
        MultiLayerNetwork net = GradientCheckNets.between(GradientCheckNets.tanhDense(6), new RmsNorm(),
                InputType.feedForward(5), 7);
        net.getLayer(1).getParam(RmsNorm.GAIN).assign(Nd4j.rand(DataType.DOUBLE, 1, 6).addi(0.5));
        return net;
    }

    @Test
    void scalesEachExampleToUnitRootMeanSquareThenByTheGain() {
        MultiLayerNetwork net = feedForward();
        INDArray gain = Nd4j.createFromArray(new double[] {1, 2, 0.5, 1, 3, 1}).reshape(1, 6);
        net.getLayer(1).getParam(RmsNorm.GAIN).assign(gain);
        INDArray input = Nd4j.rand(DataType.DOUBLE, 4, 5).muli(3);
        INDArray before = net.feedForward(input, false).get(1);
        INDArray after = net.feedForward(input, false).get(2);
        for (int row = 0; row < 4; row++) {
            INDArray x = before.getRow(row);
            double rms = Math.sqrt(x.mul(x).meanNumber().doubleValue() + 1e-6);
            for (int j = 0; j < 6; j++) {
                assertThat(after.getDouble(row, j)).isCloseTo(x.getDouble(j) / rms * gain.getDouble(0, j), within(1e-12));
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesOnFeedForwardInput() {
        MultiLayerNetwork net = feedForward();
        INDArray input = Nd4j.rand(DataType.DOUBLE, 4, 5);
        assertThat(GradientCheckNets.gradientsMatch(net, input, GradientCheckNets.rowLabels(4), 1e-3, 1e-8)).isTrue();
    }

    @Test
    void gradientsMatchFiniteDifferencesOnRecurrentInput() {
        MultiLayerNetwork net = GradientCheckNets.beforeStepSoftmax(new RmsNorm(), 4, 5, 11);
        net.getLayer(0).getParam(RmsNorm.GAIN).assign(Nd4j.rand(DataType.DOUBLE, 1, 4).addi(0.5));
        INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 4, 5).subi(0.5);
        assertThat(GradientCheckNets.gradientsMatch(net, input, GradientCheckNets.stepLabels(2, 5), 1e-3, 1e-8)).isTrue();
    }

    @Test
    void survivesTheJsonRoundTripOfItsNetworkWithItsEpsilon() {
        MultiLayerNetwork net = feedForward();
        String json = net.getLayerWiseConfigurations().toJson();
        assertThat(json).contains("RmsNorm").contains("1.0E-6");
        MultiLayerNetwork copy = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
        copy.init(net.params().dup(), false);
        INDArray input = Nd4j.rand(DataType.DOUBLE, 3, 5);
        assertThat(copy.output(input)).isEqualTo(net.output(input));
    }
}
