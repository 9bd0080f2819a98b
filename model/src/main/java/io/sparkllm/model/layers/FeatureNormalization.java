package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * What LayerNorm and RMSNorm share: they normalise over the feature dimension of feed-forward
 * {@code [batch, features]} or recurrent {@code [batch, features, time]} activations (each time
 * step on its own) and keep the input's shape. Bean properties, so subclasses travel in the
 * graph's JSON.
 */
public abstract class FeatureNormalization extends ExactGradientSameDiffLayer {
    private long size;
    private double epsilon;
    private boolean recurrent;

    protected FeatureNormalization(long size, double epsilon) {
        this.size = size;
        this.epsilon = epsilon;
    }

    /** The shape a per-feature parameter takes to broadcast over the input. */
    protected long[] parameterShape() {
        return recurrent ? new long[] {1, size, 1} : new long[] {1, size};
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        recurrent = inputType.getType() == InputType.Type.RNN;
        if (size == 0 || override) {
            size = switch (inputType.getType()) {
                case FF -> ((InputType.InputTypeFeedForward) inputType).getSize();
                case RNN -> ((InputType.InputTypeRecurrent) inputType).getSize();
                default -> throw new IllegalArgumentException(getClass().getSimpleName()
                        + " takes feed-forward or recurrent input, got " + inputType);
            };
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    public long getSize() {
        return size;
    }

    public void setSize(long size) {
        this.size = size;
    }

    public double getEpsilon() {
        return epsilon;
    }

    public void setEpsilon(double epsilon) {
        this.epsilon = epsilon;
    }

    public boolean isRecurrent() {
        return recurrent;
    }

    public void setRecurrent(boolean recurrent) {
        this.recurrent = recurrent;
    }
}
