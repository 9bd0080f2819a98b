package io.sparkllm.model.layers;

import io.sparkllm.model.kernels.GeluKernel;
import io.sparkllm.model.kernels.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The activations the model zoo's feed-forward blocks use, each written exactly as its reference
 * defines it: BERT's GELU is the erf form, GPT-2's and BLOOM's the tanh approximation
 * ("gelu_new"), the original Transformer uses ReLU, LLaMA's SwiGLU gate SiLU.
 */
public enum Nonlinearity {
    IDENTITY, RELU, TANH, GELU, GELU_TANH, SILU;

    private static final double ROOT_HALF = Math.sqrt(0.5);
    private static final double ROOT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double INVERSE_ROOT_TWO_PI = 1 / Math.sqrt(2 * Math.PI);
    private static final double CUBIC = 0.044715;

    /** An activation's output, and what its backward pass reuses (null where nothing is worth keeping). */
    public record Activated(INDArray out, INDArray kept) {
    }

    /** The function on a plain array, into a new array; x is left as it is. */
    public INDArray apply(INDArray x) {
        return forward(x).out();
    }

    /**
     * The function of z + bias (a row vector added to z in place first; null for none). The erf
     * GELU on float rows runs as one fused kernel ({@link io.sparkllm.model.kernels.GeluKernel}),
     * which keeps nothing: its backward recomputes Φ from z.
     */
    public Activated forward(INDArray z, INDArray bias) {
        GeluKernel kernel = this == GELU ? Kernels.gelu(z) : null;
        if (kernel != null) {
            INDArray out = z.ulike();
            kernel.forward(z, bias, out);
            return new Activated(out, null);
        }
        if (bias != null) {
            z.addiRowVector(bias);
        }
        return forward(z);
    }

    /**
     * The function of z with what its derivative reuses: Φ(z) for GELU, the tanh for the tanh
     * forms, the sigmoid for SiLU. Written with in-place steps: every fresh array costs a pass
     * over memory of its own.
     */
    public Activated forward(INDArray z) {
        return switch (this) {
            case IDENTITY -> new Activated(z, null);
            case RELU -> new Activated(Transforms.relu(z, true), null);
            case TANH -> {
                INDArray t = Transforms.tanh(z, true);
                yield new Activated(t, t);
            }
            case SILU -> {
                INDArray s = Transforms.sigmoid(z, true);
                yield new Activated(s.mul(z), s);
            }
            case GELU -> {
                // z Φ(z), Φ(z) = 0.5 (1 + erf(z / sqrt 2))
                INDArray cumulative = erfInPlace(z.mul(ROOT_HALF)).addi(1).muli(0.5);
                yield new Activated(cumulative.mul(z), cumulative);
            }
            case GELU_TANH -> {
                // 0.5 z (1 + t), t = tanh(sqrt(2/pi) (z + 0.044715 z^3))
                INDArray t = Transforms.tanh(z.mul(z).muli(CUBIC).addi(1).muli(z).muli(ROOT_TWO_OVER_PI), false);
                yield new Activated(t.add(1).muli(z).muli(0.5), t);
            }
        };
    }

    /**
     * The error at the input z of this function, given the error at its output and what
     * {@link #forward} kept: error · f'(z). z, kept and error are left as they are.
     */
    public INDArray backward(INDArray z, INDArray kept, INDArray error) {
        return switch (this) {
            case IDENTITY -> error;
            case RELU -> z.gt(0).castTo(z.dataType()).muli(error);
            // 1 - t^2
            case TANH -> kept.mul(kept).rsubi(1).muli(error);
            // s (1 + z (1 - s))
            case SILU -> kept.rsub(1).muli(z).addi(1).muli(kept).muli(error);
            // Φ(z) + z · φ(z), φ(z) = exp(-z^2 / 2) / sqrt(2 pi)
            case GELU -> kept == null ? geluBackwardFused(z, error)
                    : Transforms.exp(z.mul(z).muli(-0.5), false).muli(INVERSE_ROOT_TWO_PI).muli(z).addi(kept).muli(error);
            case GELU_TANH -> {
                // 0.5 (1 + t) + 0.5 z (1 - t^2) sqrt(2/pi) (1 + 3 · 0.044715 z^2)
                INDArray slope = z.mul(z).muli(3 * CUBIC).addi(1).muli(ROOT_TWO_OVER_PI).muli(z).muli(0.5);
                slope.muli(kept.mul(kept).rsubi(1));
                yield kept.add(1).muli(0.5).addi(slope).muli(error);
            }
        };
    }

    /** The GELU's backward after the fused forward, which kept no Φ: fused too where the arrays fit, else Φ again in ND4J ops. */
    private INDArray geluBackwardFused(INDArray z, INDArray error) {
        GeluKernel kernel = Kernels.gelu(z, error);
        if (kernel == null) {
            return backward(z, forward(z).kept(), error);
        }
        INDArray out = z.ulike();
        kernel.backward(z, error, out);
        return out;
    }

    private static INDArray erfInPlace(INDArray x) {
        Nd4j.exec(new Erf(x, x));
        return x;
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
