package io.sparkllm.jobs.dedup;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The connected components dedup uses, for benchmarks that cluster a peer's pairs the same way. */
public final class ComponentsForBench {
    private ComponentsForBench() {
    }

    /** Rows (node, label) for edges (src, dst). */
    public static Dataset<Row> labels(Dataset<Row> edges) {
        return ConnectedComponents.of(edges, 60).labels();
    }
}
