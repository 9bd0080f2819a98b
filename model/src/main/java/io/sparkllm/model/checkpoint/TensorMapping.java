package io.sparkllm.model.checkpoint;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.List;

/** One Hugging Face tensor: its full name, its layout, and the graph parameters it holds, in layout order. */
record TensorMapping(String name, TensorLayout layout, List<GraphParameter> parts) {
    /** The shape the tensor must have to fill {@code graph}'s parameters. */
    long[] shape(ComputationGraph graph) {
        return layout.shape(parts.stream().map(p -> p.in(graph).shape()).toList());
    }
}
