package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * A layer applied to each feature vector on its own: on feed-forward {@code [batch, size]} or
 * recurrent activations (each time step alone), keeping the layout it is given. Holds the size
 * and the layout; bean properties, so subclasses travel in the graph's JSON. Subclasses work on
 * rows {@code [steps, size]} ({@link StepLayout#rows}).
 */
public abstract class PerStepLayer extends NdLayer {
    private long size;
    private StepLayout layout = StepLayout.FEED_FORWARD;

    protected PerStepLayer(long size) {
        this.size = size;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        try {
            layout = StepLayout.of(inputType);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " takes feed-forward or recurrent input, got "
                    + inputType);
        }
        if (size == 0 || override) {
            size = StepLayout.features(inputType);
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

    public StepLayout getLayout() {
        return layout;
    }

    public void setLayout(StepLayout layout) {
        this.layout = layout;
    }
}
