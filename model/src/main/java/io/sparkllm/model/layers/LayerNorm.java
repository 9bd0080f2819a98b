package io.sparkllm.model.layers;

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
public class LayerNorm extends FeatureNormalization {
    public static final String GAIN = "gain";
    public static final String BIAS = DefaultParamInitializer.BIAS_KEY;

    public LayerNorm() {
        this(0);
    }

    public LayerNorm(long size) {
        super(size, 1e-5);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        // Written from primitive ops: ND4J M2.1's fused layer_norm op returns wrong gradients for its
        // input, gain and bias (found by LayerNormTest's gradient check).
        SDVariable gain = params.get(GAIN).reshape(parameterShape());
        SDVariable bias = params.get(BIAS).reshape(parameterShape());
        // Dimension 1 is the feature dimension of both [b, f] and [b, f, t].
        SDVariable centered = input.sub(input.mean(true, 1));
        SDVariable variance = centered.mul(centered).mean(true, 1);
        SDVariable normalised = centered.mul(sd.math().rsqrt(variance.add(getEpsilon())));
        return normalised.mul(gain).add(bias);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(GAIN, 1, getSize());
        params.addBiasParam(BIAS, 1, getSize());
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get(GAIN).assign(1.0);
        params.get(BIAS).assign(0.0);
    }
}
