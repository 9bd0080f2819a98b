package io.sparkllm.model.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
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

class LayerNormTest {
    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static MultiLayerNetwork feedForward() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build())
                .layer(new LayerNorm())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(5))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
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
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 4, 3);
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, i % 3, 1.0);
        }
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input)
                .labels(labels).epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
        assertThat(ok).isTrue();
    }

    @Test
    void gradientsMatchFiniteDifferencesOnRecurrentInput() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(11).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .list()
                .layer(new LayerNorm())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(4, 5))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.getLayer(0).getParam(LayerNorm.GAIN).assign(Nd4j.rand(DataType.DOUBLE, 1, 4).addi(0.5));
        INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 4, 5);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 2, 3, 5);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 5; t++) {
                labels.putScalar(new int[] {b, (b + t) % 3, t}, 1.0);
            }
        }
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input)
                .labels(labels).epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
        assertThat(ok).isTrue();
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
