package io.sparkllm.model.layers;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;

/**
 * BERT's pooler: tanh(h₀ · W + b) on the first step ([CLS]) of {@code [batch, size, time]},
 * giving one {@code [batch, size]} vector per sequence for the next-sentence and classification
 * heads. W is stored [in, out]. The output has no time steps, so no mask goes on.
 */
public class FirstStepPooler extends NdVertex {
    public static final String WEIGHT = "W";
    public static final String BIAS = "b";

    private long size;
    private double initStd = 0.02;

    public FirstStepPooler() {
    }

    public FirstStepPooler(long size, double initStd) {
        this.size = size;
        this.initStd = initStd;
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.clear();
        params.defineInputs("hidden");
        params.addWeightParam(WEIGHT, size, size);
        params.addBiasParam(BIAS, 1, size);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get(WEIGHT).assign(Nd4j.randn(params.get(WEIGHT).dataType(), size, size).muli(initStd));
        params.get(BIAS).assign(0);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return InputType.feedForward(size);
    }

    @Override
    public FirstStepPooler clone() {
        return withTrainingSettings(new FirstStepPooler(size, initStd));
    }

    @Override
    protected NdVertexRuntime runtime(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                      boolean initializeParams, DataType dataType) {
        return new NdVertexRuntime(this, graph, name, idx, paramsView, initializeParams, dataType) {
            private INDArray first(INDArray hidden) {
                return hidden.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0)).dup('c');
            }

            @Override
            protected INDArray forward(INDArray[] inputs, boolean training) {
                return Nd4j.math().tanh(first(inputs[0]).mmul(param(WEIGHT)).addiRowVector(param(BIAS)));
            }

            @Override
            protected INDArray[] backward(INDArray[] inputs, INDArray outputError) {
                INDArray first = first(inputs[0]);
                INDArray out = Nd4j.math().tanh(first.mmul(param(WEIGHT)).addiRowVector(param(BIAS)));
                // d tanh = 1 - tanh^2
                INDArray preError = outputError.mul(out.mul(out).rsubi(1));
                gradient(WEIGHT).assign(first.transpose().mmul(preError));
                gradient(BIAS).assign(preError.sum(true, 0));
                INDArray hiddenError = Nd4j.zeros(inputs[0].dataType(), inputs[0].shape());
                hiddenError.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0))
                        .assign(preError.mmul(param(WEIGHT).transpose()));
                return new INDArray[] {hiddenError};
            }

            @Override
            public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState state, int minibatch) {
                return new Pair<>(null, null);
            }
        };
    }

    public long getSize() {
        return size;
    }

    public void setSize(long size) {
        this.size = size;
    }

    public double getInitStd() {
        return initStd;
    }

    public void setInitStd(double initStd) {
        this.initStd = initStd;
    }
}
