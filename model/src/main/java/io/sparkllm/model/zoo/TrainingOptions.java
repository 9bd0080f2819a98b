package io.sparkllm.model.zoo;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * How a graph trains, set on its configuration: the updater (with its learning-rate schedule),
 * decoupled weight decay, and gradient clipping. DL4J clips per layer (the L2 norm of each
 * layer's gradient), not over the whole model as PyTorch's clip_grad_norm_ does.
 */
public record TrainingOptions(IUpdater updater, double weightDecay, double clipNorm) {
    void applyTo(NeuralNetConfiguration.Builder builder) {
        builder.updater(updater);
        if (weightDecay > 0) {
            builder.weightDecay(weightDecay, true);
        }
        if (clipNorm > 0) {
            builder.gradientNormalization(GradientNormalization.ClipL2PerLayer).gradientNormalizationThreshold(clipNorm);
        }
    }
}
