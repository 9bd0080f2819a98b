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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PerStepDenseTest {
    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /** A first dense layer, so that the tested layer's input error is checked through its parameters. */
    private static MultiLayerNetwork network(Nonlinearity activation, InputType input) {
        boolean recurrent = input.getType() == InputType.Type.RNN;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(13).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .list()
                .layer(new PerStepDense(4, true, Nonlinearity.IDENTITY, 0.5))
                .layer(new PerStepDense(6, true, activation, 0.5))
                .layer(recurrent
                        ? new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build()
                        : new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(input)
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.getLayer(1).getParam(PerStepDense.BIAS).assign(Nd4j.rand(DataType.DOUBLE, 1, 6).subi(0.5));
        return net;
    }

    @ParameterizedTest
    @EnumSource(Nonlinearity.class)
    void recurrentGradientsMatchFiniteDifferences(Nonlinearity activation) {
        MultiLayerNetwork net = network(activation, InputType.recurrent(5, 3));
        INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 5, 3).subi(0.5).muli(4);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 2, 3, 3);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                labels.putScalar(new int[] {b, (b + t) % 3, t}, 1.0);
            }
        }
        assertThat(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input)
                .labels(labels).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Nonlinearity.class)
    void feedForwardGradientsMatchFiniteDifferences(Nonlinearity activation) {
        MultiLayerNetwork net = network(activation, InputType.feedForward(5));
        INDArray input = Nd4j.rand(DataType.DOUBLE, 4, 5).subi(0.5).muli(4);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 4, 3);
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, i % 3, 1.0);
        }
        assertThat(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input)
                .labels(labels).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9))).isTrue();
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
