package io.sparkllm.model.layers;

import io.sparkllm.model.kernels.Kernels;
import io.sparkllm.model.kernels.LayerNormKernel;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Map;

/**
 * Layer normalisation over the features of each step (DL4J has none), with a learned gain and
 * bias, on feed-forward or recurrent activations. Forward and backward are written out: ND4J
 * M2.1's fused layer_norm op returns wrong gradients, and the gradient SameDiff derives from
 * primitive ops cost several times this one. Float rows take the fused
 * {@link io.sparkllm.model.kernels.LayerNormKernel}; the ND4J ops serve double precision and
 * are what the kernel is tested against. A bean with a no-arg constructor, so it travels in
 * the graph's JSON.
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

    /** x̂ = (x - mean) / sqrt(variance + eps) per row, kept for backward with 1/sqrt(variance + eps). */
    record Normalised(INDArray rows, INDArray inverseStd) {
        static Normalised of(INDArray x, double epsilon) {
            INDArray centered = x.subColumnVector(x.mean(true, 1));
            INDArray variance = centered.norm2(true, 1);
            variance.muli(variance).divi(x.size(1));
            INDArray inverseStd = Transforms.sqrt(variance.addi(epsilon), false).rdivi(1);
            return new Normalised(centered.muliColumnVector(inverseStd), inverseStd);
        }

        /**
         * The error at x from the error at x̂: (dx̂ - mean(dx̂) - x̂ · mean(dx̂ · x̂)) / std, row by
         * row; {@code centred} says whether the mean was taken out (LayerNorm) or not (RMSNorm).
         */
        INDArray inputError(INDArray normalisedError, boolean centred) {
            INDArray projection = normalisedError.mul(rows).mean(true, 1);
            INDArray error = normalisedError.sub(rows.mulColumnVector(projection));
            if (centred) {
                error.subiColumnVector(normalisedError.mean(true, 1));
            }
            return error.muliColumnVector(inverseStd);
        }
    }

    private record Pass(long batch, Normalised normalised, INDArray out) {
    }

    @Override
    protected NdLayerRuntime<?> runtime(NeuralNetConfiguration conf, DataType dataType) {
        return new NdLayerRuntime<Pass>(conf, dataType) {
            @Override
            protected Pass forward(INDArray input, INDArray mask, boolean training) {
                INDArray rows = getLayout().rows(input);
                LayerNormKernel kernel = Kernels.layerNorm(rows);
                if (kernel != null) {
                    Normalised normalised = new Normalised(rows.ulike(), Nd4j.createUninitialized(rows.dataType(), rows.size(0), 1));
                    INDArray out = rows.ulike();
                    kernel.forward(rows, param(GAIN), param(BIAS), getEpsilon(), normalised.rows(),
                            normalised.inverseStd(), out);
                    return new Pass(input.size(0), normalised, out);
                }
                Normalised normalised = Normalised.of(rows, getEpsilon());
                INDArray out = normalised.rows().mulRowVector(param(GAIN)).addiRowVector(param(BIAS));
                return new Pass(input.size(0), normalised, out);
            }

            @Override
            protected INDArray output(Pass pass) {
                return getLayout().fromRows(pass.out(), pass.batch());
            }

            @Override
            protected INDArray backward(Pass pass, INDArray outputError) {
                INDArray error = getLayout().rows(outputError);
                INDArray normalised = pass.normalised().rows();
                LayerNormKernel kernel = Kernels.layerNorm(error, normalised, pass.normalised().inverseStd());
                if (kernel != null) {
                    INDArray inputError = error.ulike();
                    kernel.backward(error, normalised, pass.normalised().inverseStd(), param(GAIN),
                            gradient(GAIN), gradient(BIAS), inputError);
                    return getLayout().fromRows(inputError, pass.batch());
                }
                Matmul.columnSums(gradient(GAIN), error.mul(normalised));
                Matmul.columnSums(gradient(BIAS), error);
                INDArray inputError = pass.normalised().inputError(error.mulRowVector(param(GAIN)), true);
                return getLayout().fromRows(inputError, pass.batch());
            }
        };
    }
}
