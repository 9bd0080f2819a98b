package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of an {@link NdLayer}: subclasses compute the output from the input and, in backward,
 * write parameter gradients into {@link #gradient(String)} and return the input's error. What a
 * training forward pass computes is kept for the backward pass on the same input, which DL4J
 * runs right after it, so nothing is computed twice. The forward pass works in DL4J's activations
 * workspace ({@link Workspaces}), the backward pass in the working memory DL4J opens for it.
 *
 * @param <P> what the forward pass keeps for backward
 */
public abstract class NdLayerRuntime<P> extends SameDiffLayer {
    private INDArray keptFor;
    private P kept;

    protected NdLayerRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The forward pass on {@code input} (mask: [batch, time] or null), with what backward needs. */
    protected abstract P forward(INDArray input, INDArray mask, boolean training);

    /** The layer's output from a pass. */
    protected abstract INDArray output(P pass);

    /** Fills the parameter gradients and returns the error for the input. */
    protected abstract INDArray backward(P pass, INDArray outputError);

    protected INDArray param(String name) {
        return paramTable.get(name);
    }

    protected INDArray gradient(String name) {
        return gradTable.get(name);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray out;
        try (MemoryWorkspace ignored = Workspaces.activations(workspaceMgr)) {
            P pass = forward(input, maskArray, training);
            keptFor = training ? input : null;
            kept = training ? pass : null;
            out = output(pass);
        }
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, out);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        P pass = keptFor == input ? kept : forward(input, maskArray, true);
        INDArray error = backward(pass, epsilon);
        keptFor = null;
        kept = null;
        Gradient gradient = new DefaultGradient(gradients);
        for (String name : paramTable.keySet()) {
            gradient.gradientForVariable().put(name, gradTable.get(name));
        }
        return new Pair<>(gradient, workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, error));
    }

    @Override
    public void clear() {
        super.clear();
        keptFor = null;
        kept = null;
    }
}
