package io.sparkllm.model.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The activations the model zoo's feed-forward blocks use, each written exactly as its reference
 * defines it: BERT's GELU is the erf form, GPT-2's and BLOOM's the tanh approximation
 * ("gelu_new"), the original Transformer uses ReLU, LLaMA's SwiGLU gate SiLU.
 */
public enum Nonlinearity {
    IDENTITY, RELU, TANH, GELU, GELU_TANH, SILU;

    SDVariable apply(SameDiff sd, SDVariable x) {
        return switch (this) {
            case IDENTITY -> x;
            case RELU -> sd.nn().relu(x, 0);
            case TANH -> sd.math().tanh(x);
            case SILU -> sd.nn().swish(x);
            // 0.5 x (1 + erf(x / sqrt 2))
            case GELU -> x.mul(0.5).mul(sd.math().erf(x.mul(1 / Math.sqrt(2))).add(1));
            // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
            case GELU_TANH -> x.mul(0.5).mul(sd.math().tanh(
                    x.add(x.mul(x).mul(x).mul(0.044715)).mul(Math.sqrt(2 / Math.PI))).add(1));
        };
    }

    /** The same function on a plain array, for inference outside the graph. */
    public INDArray apply(INDArray x) {
        return switch (this) {
            case IDENTITY -> x;
            case RELU -> Transforms.relu(x, true);
            case TANH -> Transforms.tanh(x, true);
            case SILU -> x.mul(Transforms.sigmoid(x, true));
            case GELU -> x.mul(0.5).muli(Nd4j.math().erf(x.mul(1 / Math.sqrt(2))).addi(1));
            case GELU_TANH -> x.mul(0.5).muli(Transforms.tanh(
                    x.add(x.mul(x).muli(x).muli(0.044715)).muli(Math.sqrt(2 / Math.PI)), false).addi(1));
        };
    }

    /**
     * The error at the input z of this function, given the error at its output: error · f'(z).
     * Hand-written derivatives for the layers that run in ND4J ops.
     */
    public INDArray backward(INDArray z, INDArray error) {
        return switch (this) {
            case IDENTITY -> error;
            case RELU -> error.mul(z.gt(0).castTo(z.dataType()));
            case TANH -> {
                INDArray t = Transforms.tanh(z, true);
                yield error.mul(t.muli(t).rsubi(1));
            }
            case SILU -> {
                // s (1 + z (1 - s)) with s = sigmoid(z)
                INDArray s = Transforms.sigmoid(z, true);
                yield s.rsub(1).muli(z).addi(1).muli(s).muli(error);
            }
            case GELU -> {
                // 0.5 (1 + erf(z / sqrt 2)) + z · exp(-z^2 / 2) / sqrt(2 pi)
                INDArray density = Transforms.exp(z.mul(z).muli(-0.5), false).muli(1 / Math.sqrt(2 * Math.PI)).muli(z);
                INDArray cumulative = Nd4j.math().erf(z.mul(1 / Math.sqrt(2))).addi(1).muli(0.5);
                yield cumulative.addi(density).muli(error);
            }
            case GELU_TANH -> {
                // 0.5 (1 + t) + 0.5 z (1 - t^2) sqrt(2/pi) (1 + 3 · 0.044715 z^2), t = tanh(sqrt(2/pi) (z + 0.044715 z^3))
                double c = Math.sqrt(2 / Math.PI);
                INDArray squared = z.mul(z);
                INDArray t = Transforms.tanh(squared.mul(0.044715).addi(1).muli(z).muli(c), false);
                INDArray slope = squared.muli(3 * 0.044715).addi(1).muli(c).muli(z).muli(t.mul(t).rsubi(1)).muli(0.5);
                yield t.addi(1).muli(0.5).addi(slope).muli(error);
            }
        };
    }

    /** Parses config spellings: "gelu", "gelu-tanh" (also Hugging Face's "gelu_new", "gelu_pytorch_tanh"), "relu", ... */
    public static Nonlinearity parse(String name) {
        String key = name.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        return switch (key) {
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "bloom_gelu" -> GELU_TANH;
            default -> {
                try {
                    yield valueOf(key.toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown activation '" + name
                            + "' (known: identity, relu, tanh, gelu, gelu-tanh, silu)");
                }
            }
        };
    }
}
