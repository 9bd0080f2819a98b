package io.sparkllm.model.layers;

/**
 * What LayerNorm and RMSNorm share: they normalise over the features of each step on its own
 * (feed-forward {@code [batch, features]} or recurrent activations) with an epsilon for stability.
 */
public abstract class FeatureNormalization extends PerStepLayer {
    private double epsilon;

    protected FeatureNormalization(long size, double epsilon) {
        super(size);
        this.epsilon = epsilon;
    }

    public double getEpsilon() {
        return epsilon;
    }

    public void setEpsilon(double epsilon) {
        this.epsilon = epsilon;
    }
}
