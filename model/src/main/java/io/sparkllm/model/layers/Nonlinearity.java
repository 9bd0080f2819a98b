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
