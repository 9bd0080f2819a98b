package io.sparkllm.model.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
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
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written layers on {@code [batch, time, features]} activations (the zoo's layout) give
 * what they give on DL4J's {@code [batch, features, time]}, and their gradients hold there too.
 */
class FeaturesLastLayoutTest {
    private static final int SIZE = 8;
    private static final int TIME = 5;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    enum Case {
        LAYER_NORM(LayerNorm::new),
        RMS_NORM(RmsNorm::new),
        DENSE_GELU(() -> new PerStepDense(6, true, Nonlinearity.GELU, 0.5)),
        SWIGLU(() -> new SwiGluFeedForward(0, 12)),
        CAUSAL_ATTENTION(() -> new SelfAttention(2, true, SelfAttention.Positions.NONE, true)),
        ROTARY_ATTENTION(() -> new SelfAttention(2, true, SelfAttention.Positions.ROTARY, false)),
        ALIBI_ATTENTION(() -> new SelfAttention(2, true, SelfAttention.Positions.ALIBI, true)),
        BIDIRECTIONAL_ATTENTION(() -> new SelfAttention(2, false, SelfAttention.Positions.NONE, true));

        private final Supplier<Layer> layer;

        Case(Supplier<Layer> layer) {
            this.layer = layer;
        }
    }

    /** A dense layer in front, so that the tested layer's input error is checked through its parameters. */
    private static MultiLayerNetwork network(Case c, RNNFormat format) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(17).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .list()
                .layer(new PerStepDense(SIZE, true, Nonlinearity.IDENTITY, 0.5))
                .layer(c.layer.get())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                        .dataFormat(format).build())
                .setInputType(InputType.recurrent(SIZE, TIME, format))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static INDArray padding() {
        return Nd4j.createFromArray(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}});
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void givesTheSameOutputsAsOnFeaturesFirstActivations(Case c) {
        MultiLayerNetwork first = network(c, RNNFormat.NCW);
        MultiLayerNetwork last = network(c, RNNFormat.NWC);
        last.setParams(first.params().dup());
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, SIZE, TIME).subi(0.5);
        INDArray expected = first.output(x, false, padding(), padding());
        INDArray actual = last.output(x.permute(0, 2, 1).dup('c'), false, padding(), padding());
        assertThat(actual.permute(0, 2, 1).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-12);
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void gradientsMatchFiniteDifferencesOnFeaturesLastActivations(Case c) {
        MultiLayerNetwork net = network(c, RNNFormat.NWC);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, TIME, SIZE).subi(0.5);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 2, TIME, 3);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < TIME; t++) {
                labels.putScalar(new int[] {b, t, (b + t) % 3}, 1.0);
            }
        }
        assertThat(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(labels)
                .inputMask(padding()).labelMask(padding())
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9))).isTrue();
    }
}
