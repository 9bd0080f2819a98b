package io.sparkllm.jobs.dedup;

import io.sparkllm.datasets.dedup.LongUnionFind;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Clusters a peer's candidate pairs the way dedup clusters its own links, for benchmarks: each
 * partition's pairs are first joined by a union-find (as dedup's bucket pass does), then the
 * distributed connected components run on the (node, root) links.
 */
public final class ComponentsForBench {
    private ComponentsForBench() {
    }

    /** Rows (node, label) for edges (src, dst). */
    public static Dataset<Row> labels(Dataset<Row> edges) {
        Dataset<Row> joined = edges.select("src", "dst").mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
            LongUnionFind trees = new LongUnionFind(1024);
            rows.forEachRemaining(r -> trees.union(r.getLong(0), r.getLong(1)));
            List<Row> out = new ArrayList<>(trees.size());
            trees.forEachLink((node, root) -> out.add(RowFactory.create(node, root)));
            return out.iterator();
        }, Encoders.row(ConnectedComponents.EDGES));
        ConnectedComponents.Result result = ConnectedComponents.of(joined, 60);
        return result.labelRows(edges.sparkSession());
    }
}
