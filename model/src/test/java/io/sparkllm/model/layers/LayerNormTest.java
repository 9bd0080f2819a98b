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

class LayerNormTest {
    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static MultiLayerNetwork feedForward() {
        MultiLayerNetwork net = GradientCheckNets.between(GradientCheckNets.tanhDense(6), new LayerNorm(),
                InputType.feedForward(5), 7);
        // Move gain and bias off 1 and 0 so their gradients are exercised at a general point.
        net.getLayer(1).getParam(LayerNorm.GAIN).assign(Nd4j.rand(DataType.DOUBLE, 1, 6).addi(0.5));
        net.getLayer(1).getParam(LayerNorm.BIAS).assign(Nd4j.rand(DataType.DOUBLE, 1, 6).subi(0.5));
        return net;
    }

    @Test
    void normalisesEachExampleToZeroMeanUnitVariance() {
        LayerNorm layer = new LayerNorm(6);
        MultiLayerNetwork net = feedForward();
        net.getLayer(1).getParam(LayerNorm.GAIN).assign(1.0);
        net.getLayer(1).getParam(LayerNorm.BIAS).assign(0.0);
        INDArray input = Nd4j.rand(DataType.DOUBLE, 4, 5).muli(3);
        INDArray normed = net.feedForward(input, false).get(2);
        assertThat(layer.getSize()).isEqualTo(6);
        for (int row = 0; row < 4; row++) {
            INDArray r = normed.getRow(row);
            assertThat(r.meanNumber().doubleValue()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9));
            double variance = r.sub(r.meanNumber()).muli(r.sub(r.meanNumber())).meanNumber().doubleValue();
            assertThat(variance).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
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
        MultiLayerNetwork net = GradientCheckNets.beforeStepSoftmax(new LayerNorm(), 4, 5, 11);
        net.getLayer(0).getParam(LayerNorm.GAIN).assign(Nd4j.rand(DataType.DOUBLE, 1, 4).addi(0.5));
        INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 4, 5);
        assertThat(GradientCheckNets.gradientsMatch(net, input, GradientCheckNets.stepLabels(2, 5), 1e-3, 1e-8)).isTrue();
    }

    @Test
    void survivesTheJsonRoundTripOfItsNetwork() {
        MultiLayerNetwork net = feedForward();
        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        MultiLayerNetwork copy = new MultiLayerNetwork(restored);
        copy.init(net.params().dup(), false);
        INDArray input = Nd4j.rand(DataType.DOUBLE, 3, 5);
        assertThat(copy.output(input)).isEqualTo(net.output(input));
    }
}
