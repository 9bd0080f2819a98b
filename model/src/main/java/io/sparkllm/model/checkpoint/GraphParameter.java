package io.sparkllm.model.checkpoint;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One parameter array of a graph: a vertex's parameter under its key ("h0.attn" "wq"). */
record GraphParameter(String vertex, String key) {
    /** The parameter's array: a view into the graph's parameters, so assigning to it sets the model. */
    INDArray in(ComputationGraph graph) {
        GraphVertex v = graph.getVertex(vertex);
        Map<String, INDArray> table = v == null ? null : v.paramTable(false);
        INDArray p = table == null ? null : table.get(key);
        if (p == null) {
            throw new CheckpointFormatException("the graph has no parameter " + this);
        }
        return p;
    }

    /** Every parameter of the graph, vertex by vertex. */
    static List<GraphParameter> all(ComputationGraph graph) {
        List<GraphParameter> out = new ArrayList<>();
        for (GraphVertex v : graph.getVertices()) {
            Map<String, INDArray> table = v.paramTable(false);
            if (table != null) {
                table.keySet().forEach(key -> out.add(new GraphParameter(v.getVertexName(), key)));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return vertex + "/" + key;
    }
}
