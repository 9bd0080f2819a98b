package io.sparkllm.model.layers;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.samediff.SameDiffGraphVertex;
import org.deeplearning4j.nn.params.SameDiffParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * Runtime of an {@link NdVertex}: subclasses compute outputs from the inputs and, in backward,
 * write parameter gradients into {@link #gradient(String)} and return the inputs' errors. The
 * forward pass works in DL4J's activations workspace ({@link Workspaces}), the backward pass in
 * the working memory DL4J opens for it; the errors are copied to where DL4J expects them.
 */
public abstract class NdVertexRuntime extends SameDiffGraphVertex {
    protected NdVertexRuntime(NdVertex config, ComputationGraph graph, String name, int idx, INDArray paramsView,
                              boolean initializeParams, DataType dataType) {
        super(config, graph, name, idx, paramsView, initializeParams, dataType);
    }

    protected abstract INDArray forward(INDArray[] inputs, boolean training);

    /** Fills the parameter gradients and returns the error for each input (null where none flows). */
    protected abstract INDArray[] backward(INDArray[] inputs, INDArray outputError);

    protected INDArray param(String name) {
        return paramTable.get(name);
    }

    protected INDArray gradient(String name) {
        return gradTable.get(name);
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray view) {
        super.setBackpropGradientsViewArray(view);
        // The SameDiff runtime splits the gradient view only when it builds its graph; split it here.
        var params = config.getVertexParams();
        gradTable = SameDiffParamInitializer.getInstance().subsetAndReshape(params.getParameterKeys(),
                params.getParamShapes(), view, null, config);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray out;
        try (MemoryWorkspace ignored = Workspaces.activations(workspaceMgr)) {
            out = forward(getInputs(), training);
        }
        // A vertex may hand on a parameter itself (WeightTable): that is copied, arrays it made in
        // the workspace are not.
        return out.isAttached() ? workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, out) : workspaceMgr.dup(ArrayType.ACTIVATIONS, out);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        INDArray[] errors = backward(getInputs(), getEpsilon());
        Gradient gradient = new DefaultGradient(gradients);
        // A vertex without parameters never receives a gradient view.
        for (Map.Entry<String, INDArray> g : (gradTable == null ? Map.<String, INDArray>of() : gradTable).entrySet()) {
            gradient.gradientForVariable().put(g.getKey(), g.getValue());
        }
        for (int i = 0; i < errors.length; i++) {
            // DL4J sums the errors a vertex receives from several consumers in place, so each must
            // be a fresh array; an input that takes no error gets zeros of its shape.
            INDArray error = errors[i] != null ? errors[i] : Nd4j.zeros(getInputs()[i].dataType(), getInputs()[i].shape());
            errors[i] = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, error);
        }
        return new Pair<>(gradient, errors);
    }

    /** By default the output steps are the first input's steps, so its mask carries on. */
    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
        this.maskArrays = maskArrays;
        return new Pair<>(maskArrays == null ? null : maskArrays[0], currentMaskState);
    }
}
