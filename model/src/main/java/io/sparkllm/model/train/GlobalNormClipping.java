package io.sparkllm.model.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;

/**
 * Gradient clipping over the whole model, as PyTorch's clip_grad_norm_ does: when the L2 norm of
 * all gradients together exceeds {@code maxNorm}, every gradient is scaled by maxNorm / norm.
 * DL4J itself only clips layer by layer; this listener runs after each backward pass and before
 * the updater, on the flattened gradient, so the direction of the step is kept. The norm is that
 * of the gradient of the loss DL4J minimises (summed over an example's tokens, averaged over the
 * minibatch). It is
 * serializable, so Spark workers get a copy with the training master's listeners.
 */
public final class GlobalNormClipping extends BaseTrainingListener implements Serializable {
    private final double maxNorm;

    public GlobalNormClipping(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maxNorm must be positive, got " + maxNorm);
        }
        this.maxNorm = maxNorm;
    }

    @Override
    public void onGradientCalculation(Model model) {
        INDArray gradient = model.gradient().gradient();
        // Here the gradient is still summed over the minibatch; the updater divides it by the
        // batch size afterwards. The norm that matters is that of the step's (mean) gradient.
        double norm = gradient.norm2Number().doubleValue() / Math.max(1, model.batchSize());
        if (norm > maxNorm) {
            gradient.muli(maxNorm / norm);
        }
    }
}
