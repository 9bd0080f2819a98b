package io.sparkllm.model.train;

import io.sparkllm.model.kernels.AdamKernel;
import io.sparkllm.model.kernels.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * {@link AdamUpdater} with its step on the fused kernel: the same moments and update as ND4J's
 * adam_updater op (bias corrections folded into the step size), which still runs for arrays the
 * kernel does not take (double precision, as in the gradient checks).
 */
public final class FusedAdamUpdater extends AdamUpdater {
    public FusedAdamUpdater(Adam config) {
        super(config);
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        AdamKernel kernel = getM() == null ? null : Kernels.adam(gradient, getM(), getV());
        if (kernel == null) {
            super.applyUpdater(gradient, iteration, epoch);
            return;
        }
        Adam config = getConfig();
        float beta1 = (float) config.getBeta1();
        float beta2 = (float) config.getBeta2();
        // In float, as ND4J's op computes it for float arrays: 1 - 0.999f is 1.3e-5 off 1e-3, which
        // moves the step by 6e-6 relative, and the two updaters should agree to rounding.
        float stepSize = (float) config.getLearningRate(iteration, epoch)
                * (float) Math.sqrt(1 - (float) Math.pow(beta2, iteration + 1)) / (1 - (float) Math.pow(beta1, iteration + 1));
        kernel.step(gradient, getM(), getV(), stepSize, beta1, beta2, (float) config.getEpsilon());
    }
}
