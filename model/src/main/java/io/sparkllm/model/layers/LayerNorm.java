package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * Layer normalisation over the feature dimension (DL4J has none), with a learned gain and bias.
 * Works on feed-forward activations {@code [batch, features]} and on recurrent ones
 * {@code [batch, features, time]}, normalising each time step on its own. A bean with a no-arg constructor, so it travels in the graph's JSON.
 */
public class LayerNorm extends ExactGradientSameDiffLayer {
    public static final String GAIN = "gain";
    public static final String BIAS = DefaultParamInitializer.BIAS_KEY;

    private long size;
    private double epsilon = 1e-5;
    private boolean recurrent;

    public LayerNorm() {
    }

    public LayerNorm(long size) {
        this.size = size;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        // Written from primitive ops: ND4J M2.1's fused layer_norm op returns wrong gradients for its
        // input, gain and bias (found by LayerNormTest's gradient check).
        long[] paramShape = recurrent ? new long[] {1, size, 1} : new long[] {1, size};
        SDVariable gain = params.get(GAIN).reshape(paramShape);
        SDVariable bias = params.get(BIAS).reshape(paramShape);
        // Dimension 1 is the feature dimension of both [b, f] and [b, f, t].
        SDVariable centered = input.sub(input.mean(true, 1));
        SDVariable variance = centered.mul(centered).mean(true, 1);
        SDVariable normalised = centered.mul(sd.math().rsqrt(variance.add(epsilon)));
        return normalised.mul(gain).add(bias);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(GAIN, 1, size);
        params.addBiasParam(BIAS, 1, size);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get(GAIN).assign(1.0);
        params.get(BIAS).assign(0.0);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        recurrent = inputType.getType() == InputType.Type.RNN;
        if (size == 0 || override) {
            size = switch (inputType.getType()) {
                case FF -> ((InputType.InputTypeFeedForward) inputType).getSize();
                case RNN -> ((InputType.InputTypeRecurrent) inputType).getSize();
                default -> throw new IllegalArgumentException("LayerNorm takes feed-forward or recurrent input, got "
                        + inputType);
            };
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    public long getSize() {
        return size;
    }

    public void setSize(long size) {
        this.size = size;
    }

    public double getEpsilon() {
        return epsilon;
    }

    public void setEpsilon(double epsilon) {
        this.epsilon = epsilon;
    }

    public boolean isRecurrent() {
        return recurrent;
    }

    public void setRecurrent(boolean recurrent) {
        this.recurrent = recurrent;
    }
}
