package io.sparkllm.model.zoo;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * Reads a zoo graph's logits: the activations of {@link GraphNames#HEAD}, rows
 * {@code [batch·time, vocab]}, seen as {@code [batch, time, vocab]} (a reshape, not a copy).
 */
public final class Logits {
    private Logits() {
    }

    /** From a forward pass's activations; {@code batch} is the number of sequences fed in. */
    public static INDArray of(Map<String, INDArray> activations, long batch) {
        INDArray rows = activations.get(GraphNames.HEAD);
        if (rows == null) {
            throw new IllegalArgumentException("no '" + GraphNames.HEAD + "' activations: not a zoo language model");
        }
        return rows.reshape(batch, rows.size(0) / batch, rows.size(1));
    }

    /** Runs the graph at inference on {@code inputs} (the first one gives the batch size). */
    public static INDArray of(ComputationGraph graph, INDArray... inputs) {
        return of(graph.feedForward(inputs, false), inputs[0].size(0));
    }
}
