package io.sparkllm.model.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins down the DL4J M2.1 SameDiff gradient doubling that {@link ExactGradientSameDiffLayer}
 * corrects: the same one-parameter layer fails the gradient check on DL4J's base class and passes
 * on ours. If a DL4J upgrade fixes the runtime, the first test fails and the correction must go.
 */
class SameDiffGradientScaleTest {
    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /** y = x * g, elementwise; written twice, on DL4J's base class and on ours. */
    static SDVariable scale(SDVariable input, Map<String, SDVariable> params) {
        return input.mul(params.get("g"));
    }

    public static class PlainScale extends SameDiffLayer {
        @Override
        public SDVariable defineLayer(SameDiff sd, SDVariable in, Map<String, SDVariable> p, SDVariable mask) {
            return scale(in, p);
        }

        @Override
        public void defineParameters(SDLayerParams params) {
            params.clear();
            params.addWeightParam("g", 1, 5);
        }

        @Override
        public void initializeParameters(Map<String, INDArray> params) {
            params.get("g").assign(1.5);
        }

        @Override
        public InputType getOutputType(int layerIndex, InputType inputType) {
            return inputType;
        }

        @Override
        public void setNIn(InputType inputType, boolean override) {
        }

        @Override
        public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
            return null;
        }
    }

    public static class CorrectedScale extends ExactGradientSameDiffLayer {
        private final PlainScale same = new PlainScale();

        @Override
        public SDVariable defineLayer(SameDiff sd, SDVariable in, Map<String, SDVariable> p, SDVariable mask) {
            return scale(in, p);
        }

        @Override
        public void defineParameters(SDLayerParams params) {
            same.defineParameters(params);
        }

        @Override
        public void initializeParameters(Map<String, INDArray> params) {
            same.initializeParameters(params);
        }

        @Override
        public InputType getOutputType(int layerIndex, InputType inputType) {
            return inputType;
        }

        @Override
        public void setNIn(InputType inputType, boolean override) {
        }

        @Override
        public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
            return null;
        }
    }

    private static boolean gradientCheck(Layer layer) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(layer)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(5)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray input = Nd4j.rand(DataType.DOUBLE, 4, 5);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 4, 3);
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, i % 3, 1.0);
        }
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input)
                .labels(labels).epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
    }

    @Test
    void dl4jBaseSameDiffLayerGetsWrongGradients() {
        assertThat(gradientCheck(new PlainScale())).isFalse();
    }

    @Test
    void correctedSameDiffLayerGetsExactGradients() {
        assertThat(gradientCheck(new CorrectedScale())).isTrue();
    }
}
