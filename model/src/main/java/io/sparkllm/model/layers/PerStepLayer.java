package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * A layer applied to each feature vector on its own: on feed-forward {@code [batch, size]} or
 * recurrent {@code [batch, size, time]} activations (each time step alone), keeping the input's
 * shape. Holds the size and the layout; bean properties, so subclasses travel in the graph's JSON.
 */
public abstract class PerStepLayer extends ExactGradientSameDiffLayer {
    private long size;
    private boolean recurrent;

    protected PerStepLayer(long size) {
        this.size = size;
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

    public boolean isRecurrent() {
        return recurrent;
    }

    public void setRecurrent(boolean recurrent) {
        this.recurrent = recurrent;
    }
}
