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
 * BERT's pooler: tanh(h₀ · W + b) on the first step ([CLS]) of recurrent activations in the
 * configured {@link StepLayout}, giving one {@code [batch, size]} vector per sequence for the next-sentence and classification
 * heads. W is stored [in, out]. The output has no time steps, so no mask goes on.
 */
public class FirstStepPooler extends NdVertex {
    public static final String WEIGHT = "W";
    public static final String BIAS = "b";

    private long size;
    private double initStd = 0.02;
    private StepLayout layout = StepLayout.FEATURES_FIRST;

    public FirstStepPooler() {
    }

    public FirstStepPooler(long size, double initStd) {
        this(size, initStd, StepLayout.FEATURES_FIRST);
    }

    public FirstStepPooler(long size, double initStd, StepLayout layout) {
        this.size = size;
        this.initStd = initStd;
        this.layout = layout;
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
        layout.check(vertexInputs[0], "FirstStepPooler");
        return InputType.feedForward(size);
    }

    @Override
    public FirstStepPooler clone() {
        return withTrainingSettings(new FirstStepPooler(size, initStd, layout));
    }

    @Override
    protected NdVertexRuntime runtime(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                      boolean initializeParams, DataType dataType) {
        return new NdVertexRuntime(this, graph, name, idx, paramsView, initializeParams, dataType) {
            private INDArray first(INDArray hidden) {
                return layout.step(hidden, 0).dup('c');
            }

            @Override
            protected INDArray forward(INDArray[] inputs, boolean training) {
                return Nd4j.math().tanh(Matmul.times(first(inputs[0]), false, param(WEIGHT), false).addiRowVector(param(BIAS)));
            }

            @Override
            protected INDArray[] backward(INDArray[] inputs, INDArray outputError) {
                INDArray first = first(inputs[0]);
                INDArray out = Nd4j.math().tanh(Matmul.times(first, false, param(WEIGHT), false).addiRowVector(param(BIAS)));
                // d tanh = 1 - tanh^2
                INDArray preError = outputError.mul(out.mul(out).rsubi(1));
                Matmul.into(gradient(WEIGHT), first, true, preError, false);
                Matmul.columnSums(gradient(BIAS), preError);
                INDArray hiddenError = Nd4j.zeros(inputs[0].dataType(), inputs[0].shape());
                layout.step(hiddenError, 0).assign(Matmul.times(preError, false, param(WEIGHT), true));
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

    public StepLayout getLayout() {
        return layout;
    }

    public void setLayout(StepLayout layout) {
        this.layout = layout;
    }

    public double getInitStd() {
        return initStd;
    }

    public void setInitStd(double initStd) {
        this.initStd = initStd;
    }
}
