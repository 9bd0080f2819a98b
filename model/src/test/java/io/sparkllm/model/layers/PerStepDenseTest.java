package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PerStepDenseTest {
    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /** A first dense layer, so that the tested layer's input error is checked through its parameters. */
    private static MultiLayerNetwork network(Nonlinearity activation, InputType input) {
        MultiLayerNetwork net = GradientCheckNets.between(new PerStepDense(4, true, Nonlinearity.IDENTITY, 0.5),
                new PerStepDense(6, true, activation, 0.5), input, 13);
        net.getLayer(1).getParam(PerStepDense.BIAS).assign(Nd4j.rand(DataType.DOUBLE, 1, 6).subi(0.5));
        return net;
    }

    @ParameterizedTest
    @EnumSource(Nonlinearity.class)
    void recurrentGradientsMatchFiniteDifferences(Nonlinearity activation) {
        MultiLayerNetwork net = network(activation, InputType.recurrent(5, 3));
        INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 5, 3).subi(0.5).muli(4);
        assertThat(GradientCheckNets.gradientsMatch(net, input, GradientCheckNets.stepLabels(2, 3), 1e-5, 1e-9)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Nonlinearity.class)
    void feedForwardGradientsMatchFiniteDifferences(Nonlinearity activation) {
        MultiLayerNetwork net = network(activation, InputType.feedForward(5));
        INDArray input = Nd4j.rand(DataType.DOUBLE, 4, 5).subi(0.5).muli(4);
        assertThat(GradientCheckNets.gradientsMatch(net, input, GradientCheckNets.rowLabels(4), 1e-5, 1e-9)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Nonlinearity.class)
    void everyStepIsTheActivationOfItsAffineMap(Nonlinearity activation) {
        MultiLayerNetwork net = network(activation, InputType.recurrent(5, 3));
        INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 5, 3).subi(0.5).muli(4);
        var activations = net.feedForward(input, false);
        INDArray in = activations.get(1);
        INDArray out = activations.get(2);
        INDArray w = net.getLayer(1).getParam(PerStepDense.WEIGHT);
        INDArray b = net.getLayer(1).getParam(PerStepDense.BIAS);
        for (int n = 0; n < 2; n++) {
            for (int t = 0; t < 3; t++) {
                INDArray step = in.get(NDArrayIndex.point(n), NDArrayIndex.all(), NDArrayIndex.point(t)).reshape(1, 4);
                INDArray expected = activation.apply(step.mmul(w).addi(b));
                INDArray actual = out.get(NDArrayIndex.point(n), NDArrayIndex.all(), NDArrayIndex.point(t)).reshape(1, 6);
                for (int f = 0; f < 6; f++) {
                    assertThat(actual.getDouble(0, f)).isCloseTo(expected.getDouble(0, f), within(1e-12));
                }
            }
        }
    }
}
