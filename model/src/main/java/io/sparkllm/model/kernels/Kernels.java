package io.sparkllm.model.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;

/**
 * The fused float kernels the layers use, on the fastest {@link RowOps} this JVM has. A layer asks
 * for its kernel with the arrays it would work on and gets null where any of them does not fit
 * (double precision, as in the gradient checks; odd layouts): it then runs its ND4J ops.
 * {@code -Dsparkllm.kernels} picks them: {@code all} (the default), {@code none}, {@code scalar}
 * (all, without SIMD lanes) or a comma list of {@code softmax, cross-entropy, gelu, layer-norm, adam},
 * so each can be measured against the ND4J ops it replaces. A kernel runs on the calling thread:
 * splitting its rows over both cores was tried and measured (load 6-9) the same fastest step and
 * fewer tokens per CPU second, the hand-off costing more than the few milliseconds it shared.
 */
public final class Kernels {
    private static final String SETTING = System.getProperty("sparkllm.kernels", "all");
    private static final Kernels ACTIVE = SETTING.equals("none") || !hostMemoryBackend() ? null
            : new Kernels(SETTING.equals("scalar") ? RowOps.scalar() : RowOps.fastest());
    private static final List<String> CHOSEN = Arrays.asList(SETTING.replace(" ", "").split(","));

    public final SoftmaxKernel softmax;
    public final CrossEntropyKernel crossEntropy;
    public final GeluKernel gelu;
    public final LayerNormKernel layerNorm;
    public final AdamKernel adam;
    private final RowOps ops;

    /** Kernels on the given loops (tests run both kinds). */
    public Kernels(RowOps ops) {
        this.ops = ops;
        this.softmax = new SoftmaxKernel(ops);
        this.crossEntropy = new CrossEntropyKernel(ops);
        this.gelu = new GeluKernel(ops);
        this.layerNorm = new LayerNormKernel(ops);
        this.adam = new AdamKernel(ops);
    }

    private static Kernels fit(String name, INDArray... arrays) {
        if (ACTIVE == null || !(CHOSEN.contains("all") || CHOSEN.contains("scalar") || CHOSEN.contains(name))) {
            return null;
        }
        for (INDArray a : arrays) {
            if (!FloatRows.fits(a)) {
                return null;
            }
        }
        return ACTIVE;
    }

    /** The softmax kernel for these arrays, or null. */
    public static SoftmaxKernel softmax(INDArray... arrays) {
        Kernels k = fit("softmax", arrays);
        return k == null ? null : k.softmax;
    }

    /** The cross-entropy kernel for these arrays, or null. */
    public static CrossEntropyKernel crossEntropy(INDArray... arrays) {
        Kernels k = fit("cross-entropy", arrays);
        return k == null ? null : k.crossEntropy;
    }

    /** The GELU kernel for these arrays, or null. */
    public static GeluKernel gelu(INDArray... arrays) {
        Kernels k = fit("gelu", arrays);
        return k == null ? null : k.gelu;
    }

    /** The LayerNorm kernel for these arrays, or null. */
    public static LayerNormKernel layerNorm(INDArray... arrays) {
        Kernels k = fit("layer-norm", arrays);
        return k == null ? null : k.layerNorm;
    }

    /** The Adam kernel for these arrays, or null. */
    public static AdamKernel adam(INDArray... arrays) {
        Kernels k = fit("adam", arrays);
        return k == null ? null : k.adam;
    }

    /**
     * Whether ND4J keeps arrays in host memory (its CPU backend). The kernels read and write an
     * array's host buffer directly; on the CUDA backend that copy may be stale, so the ND4J ops run.
     */
    private static boolean hostMemoryBackend() {
        return "CPU".equalsIgnoreCase(String.valueOf(Nd4j.getExecutioner().getEnvironmentInformation().get("backend")));
    }

    /** What runs, for logs: the setting and the loops' width. */
    public static String describe() {
        if (ACTIVE == null) {
            return SETTING.equals("none") ? "none (nd4j ops)" : "none (nd4j ops: not the CPU backend)";
        }
        return SETTING + " on " + (ACTIVE.ops.lanes() == 1 ? "scalar loops" : ACTIVE.ops.lanes() + " float lanes");
    }
}
