package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * A graph vertex whose forward and backward passes are written directly in ND4J ops rather than
 * as a SameDiff graph. It keeps SameDiffVertex's configuration side (parameter shapes, updater and
 * regularisation inherited from the network, JSON form) and swaps in its own runtime: used where
 * a vertex needs what SameDiff can't give cheaply, such as passing a parameter on as an
 * activation (tied embeddings) or a scatter-add gradient for a lookup table.
 */
public abstract class NdVertex extends SameDiffVertex {
    @Override
    public final SDVariable defineVertex(SameDiff sameDiff, Map<String, SDVariable> layerInput,
                                         Map<String, SDVariable> paramTable, Map<String, SDVariable> maskVars) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " runs in ND4J ops, not SameDiff");
    }

    @Override
    public GraphVertex instantiate(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                   boolean initializeParams, DataType networkDatatype) {
        // The updater finds a vertex's configuration by this name; DL4J sets it only for layers.
        setName(name);
        return runtime(graph, name, idx, paramsView, initializeParams, networkDatatype);
    }

    /**
     * Copies what the network set on this vertex (updater, regularisation, clipping, data type) to
     * a clone. DL4J clones the configuration for every Spark worker; a clone without its updater
     * fails there.
     */
    protected <T extends NdVertex> T withTrainingSettings(T copy) {
        copy.setUpdater(updater == null ? null : updater.clone());
        copy.setBiasUpdater(biasUpdater == null ? null : biasUpdater.clone());
        copy.setRegularization(regularization == null ? null : new java.util.ArrayList<>(regularization));
        copy.setRegularizationBias(regularizationBias == null ? null : new java.util.ArrayList<>(regularizationBias));
        copy.setGradientNormalization(gradientNormalization);
        copy.setGradientNormalizationThreshold(gradientNormalizationThreshold);
        copy.setDataType(dataType);
        copy.setName(getName());
        return copy;
    }

    protected abstract NdVertexRuntime runtime(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                               boolean initializeParams, DataType dataType);
}
