package io.sparkllm.model.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts a graph configuration's parameters without allocating them, so that full-size presets
 * (llama-7b) can be checked against their published sizes on any machine.
 */
public final class ParameterCount {
    private ParameterCount() {
    }

    public static long of(ComputationGraphConfiguration conf) {
        return perVertex(conf).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Parameters per vertex, in the order the vertices were added, vertices without any left out. */
    public static Map<String, Long> perVertex(ComputationGraphConfiguration conf) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Map.Entry<String, GraphVertex> vertex : conf.getVertices().entrySet()) {
            long n = vertex.getValue().numParams(true);
            if (n > 0) {
                counts.put(vertex.getKey(), n);
            }
        }
        return counts;
    }
}
