package io.sparkllm.model.layers;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * Each sequence's last real step: recurrent activations in the configured {@link StepLayout} to
 * {@code [batch, features]}, taking step t where t is the last position the incoming mask lets
 * through (the last step when there is no mask). A decoder's classifier reads its sequence here,
 * as DL4J's LastTimeStepVertex does for {@code [batch, features, time]} activations only.
 */
public class LastRealStep extends NdVertex {
    private StepLayout layout = StepLayout.FEATURES_LAST;

    public LastRealStep() {
    }

    public LastRealStep(StepLayout layout) {
        this.layout = layout;
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.clear();
        params.defineInputs("hidden");
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        layout.check(vertexInputs[0], "LastRealStep");
        return InputType.feedForward(StepLayout.features(vertexInputs[0]));
    }

    @Override
    public LastRealStep clone() {
        return withTrainingSettings(new LastRealStep(layout));
    }

    @Override
    protected NdVertexRuntime runtime(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                      boolean initializeParams, DataType dataType) {
        return new NdVertexRuntime(this, graph, name, idx, paramsView, initializeParams, dataType) {
            private INDArray mask;

            /** Per sequence, the index of its last unmasked step. */
            private long[] lastSteps(INDArray hidden) {
                long batch = hidden.size(0);
                long steps = layout.time(hidden);
                long[] last = new long[(int) batch];
                for (int b = 0; b < batch; b++) {
                    last[b] = steps - 1;
                    if (mask != null) {
                        while (last[b] > 0 && mask.getDouble(b, last[b]) == 0) {
                            last[b]--;
                        }
                    }
                }
                return last;
            }

            @Override
            protected INDArray forward(INDArray[] inputs, boolean training) {
                INDArray hidden = inputs[0];
                long[] last = lastSteps(hidden);
                INDArray out = Nd4j.create(hidden.dataType(), hidden.size(0), hidden.size(layout.featureDimension()));
                for (int b = 0; b < last.length; b++) {
                    out.putRow(b, layout.step(hidden, last[b]).getRow(b));
                }
                return out;
            }

            @Override
            protected INDArray[] backward(INDArray[] inputs, INDArray outputError) {
                INDArray hidden = inputs[0];
                long[] last = lastSteps(hidden);
                INDArray hiddenError = Nd4j.zeros(hidden.dataType(), hidden.shape());
                for (int b = 0; b < last.length; b++) {
                    layout.step(hiddenError, last[b]).getRow(b).assign(outputError.getRow(b));
                }
                return new INDArray[] {hiddenError};
            }

            @Override
            public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState state, int minibatch) {
                mask = maskArrays == null ? null : maskArrays[0];
                // One vector per sequence: no steps left to mask.
                return new Pair<>(null, null);
            }
        };
    }

    public StepLayout getLayout() {
        return layout;
    }

    public void setLayout(StepLayout layout) {
        this.layout = layout;
    }
}
