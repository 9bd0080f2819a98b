package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * Root-mean-square normalisation as LLaMA uses it: x / sqrt(mean(x^2) + eps) times a learned
 * gain, over the feature dimension; no centring and no bias. Epsilon defaults to LLaMA's 1e-6.
 */
public class RmsNorm extends FeatureNormalization {
    public static final String GAIN = "gain";

    public RmsNorm() {
        this(0);
    }

    public RmsNorm(long size) {
        super(size, 1e-6);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        SDVariable gain = params.get(GAIN).reshape(parameterShape());
        SDVariable meanSquare = input.mul(input).mean(true, 1);
        return input.mul(sd.math().rsqrt(meanSquare.add(getEpsilon()))).mul(gain);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(GAIN, 1, getSize());
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get(GAIN).assign(1.0);
    }
}
