package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Map;

/**
 * Root-mean-square normalisation as LLaMA uses it: x / sqrt(mean(x^2) + eps) times a learned
 * gain, over the features of each step; no centring and no bias. Epsilon defaults to LLaMA's
 * 1e-6. Forward and backward are written out in ND4J ops.
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
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(GAIN, 1, getSize());
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get(GAIN).assign(1.0);
    }

    private record Pass(long batch, LayerNorm.Normalised normalised, INDArray out) {
    }

    /** x / sqrt(mean(x^2) + eps) per row, with the inverse root kept for backward. */
    private static LayerNorm.Normalised normalise(INDArray x, double epsilon) {
        INDArray meanSquare = x.norm2(true, 1);
        meanSquare.muli(meanSquare).divi(x.size(1));
        INDArray inverseRoot = Transforms.sqrt(meanSquare.addi(epsilon), false).rdivi(1);
        return new LayerNorm.Normalised(x.mulColumnVector(inverseRoot), inverseRoot);
    }

    @Override
    protected NdLayerRuntime<?> runtime(NeuralNetConfiguration conf, DataType dataType) {
        return new NdLayerRuntime<Pass>(conf, dataType) {
            @Override
            protected Pass forward(INDArray input, INDArray mask, boolean training) {
                LayerNorm.Normalised normalised = normalise(getLayout().rows(input), getEpsilon());
                return new Pass(input.size(0), normalised, normalised.rows().mulRowVector(param(GAIN)));
            }

            @Override
            protected INDArray output(Pass pass) {
                return getLayout().fromRows(pass.out(), pass.batch());
            }

            @Override
            protected INDArray backward(Pass pass, INDArray outputError) {
                INDArray error = getLayout().rows(outputError);
                Matmul.columnSums(gradient(GAIN), error.mul(pass.normalised().rows()));
                INDArray inputError = pass.normalised().inputError(error.mulRowVector(param(GAIN)), false);
                return getLayout().fromRows(inputError, pass.batch());
            }
        };
    }
}
