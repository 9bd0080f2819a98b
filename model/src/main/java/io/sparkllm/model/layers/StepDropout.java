package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * Inverted dropout on any activations, in training only: each value is zeroed with probability
 * {@code rate} and the rest scaled by 1/(1 - rate). DL4J's DropoutLayer can't take recurrent
 * activations with a [batch, time] mask (it fails on the shapes), which every padded batch has.
 * Draws come from ND4J's random generator, which DL4J seeds from the network's seed.
 */
public class StepDropout extends NdVertex {
    private double rate;

    public StepDropout() {
    }

    public StepDropout(double rate) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.clear();
        params.defineInputs("in");
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return vertexInputs[0];
    }

    @Override
    public StepDropout clone() {
        return withTrainingSettings(new StepDropout(rate));
    }

    @Override
    protected NdVertexRuntime runtime(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                      boolean initializeParams, DataType dataType) {
        return new NdVertexRuntime(this, graph, name, idx, paramsView, initializeParams, dataType) {
            /** The kept-and-scaled pattern of the last training pass, which its backward pass reuses. */
            private INDArray keep;

            @Override
            protected INDArray forward(INDArray[] inputs, boolean training) {
                if (!training || rate == 0) {
                    keep = null;
                    return inputs[0].dup();
                }
                keep = Nd4j.rand(inputs[0].dataType(), inputs[0].shape()).gte(rate).castTo(inputs[0].dataType())
                        .muli(1 / (1 - rate));
                return inputs[0].mul(keep);
            }

            @Override
            protected INDArray[] backward(INDArray[] inputs, INDArray outputError) {
                return new INDArray[] {keep == null ? outputError.dup() : outputError.mul(keep)};
            }
        };
    }

    public double getRate() {
        return rate;
    }

    public void setRate(double rate) {
        this.rate = rate;
    }
}
