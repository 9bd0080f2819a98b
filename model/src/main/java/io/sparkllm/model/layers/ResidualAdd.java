package io.sparkllm.model.layers;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * A residual sum x + f(x) that hands on the stream's mask unchanged. DL4J's ElementWiseVertex
 * ORs its inputs' masks into 0/1, which would turn a mask of document numbers (packed windows)
 * into a padding mask after the first block; here both inputs share the stream's steps, so the
 * first input's mask is the sum's.
 */
public class ResidualAdd extends NdVertex {
    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.clear();
        params.defineInputs("stream", "update");
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return vertexInputs[0];
    }

    @Override
    public ResidualAdd clone() {
        return withTrainingSettings(new ResidualAdd());
    }

    @Override
    protected NdVertexRuntime runtime(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                      boolean initializeParams, DataType dataType) {
        return new NdVertexRuntime(this, graph, name, idx, paramsView, initializeParams, dataType) {
            @Override
            protected INDArray forward(INDArray[] inputs, boolean training) {
                return inputs[0].add(inputs[1]);
            }

            @Override
            protected INDArray[] backward(INDArray[] inputs, INDArray outputError) {
                return new INDArray[] {outputError, outputError};
            }

            @Override
            public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState state, int minibatch) {
                this.maskArrays = maskArrays;
                INDArray mask = null;
                for (int i = 0; maskArrays != null && i < maskArrays.length && mask == null; i++) {
                    mask = maskArrays[i];
                }
                return new Pair<>(mask, state);
            }
        };
    }
}
