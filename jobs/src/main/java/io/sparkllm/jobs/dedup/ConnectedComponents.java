package io.sparkllm.jobs.dedup;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.min;

/**
 * Connected components of an undirected graph on Spark, never collected to the driver: the
 * alternating large-star / small-star rounds of Kiveris et al. (2014, "Connected Components in
 * MapReduce and Beyond"), which converge in O(log^2 n) rounds. Each round keeps the components and
 * shrinks their stars; at the fixed point every edge links a node to its component's smallest
 * node. Edges are rows (src, dst) of longs.
 */
final class ConnectedComponents {
    /** The labelling and how many rounds it took. */
    record Result(Dataset<Row> labels, int rounds) {
    }

    private ConnectedComponents() {
    }

    /** Rows (node, label): every node that has an edge, with its component's smallest node. */
    static Result of(Dataset<Row> edges, int maxRounds) {
        Dataset<Row> current = edges.select(col("src"), col("dst")).filter(col("src").notEqual(col("dst"))).distinct()
                .localCheckpoint();
        for (int round = 1; round <= maxRounds; round++) {
            Dataset<Row> next = smallStar(largeStar(current)).localCheckpoint();
            boolean same = next.count() == current.count() && next.except(current).isEmpty();
            current = next;
            if (same) {
                Dataset<Row> labels = current.select(col("src").as("node"), col("dst").as("label"))
                        .union(current.select(col("dst").as("node"), col("dst").as("label")))
                        .groupBy("node").agg(min("label").as("label"));
                return new Result(labels, round);
            }
        }
        throw new IllegalStateException("connected components did not converge in " + maxRounds
                + " rounds; raise max-iterations");
    }

    /** Each node links its larger neighbours to the smallest node of its neighbourhood (itself included). */
    static Dataset<Row> largeStar(Dataset<Row> edges) {
        Dataset<Row> both = edges.union(edges.select(col("dst").as("src"), col("src").as("dst")));
        Dataset<Row> smallest = both.groupBy("src").agg(min("dst").as("m"));
        Column m = least(col("m"), col("s.src"));
        return both.as("s").join(smallest.as("n"), col("s.src").equalTo(col("n.src")))
                .filter(col("s.dst").gt(col("s.src")))
                .select(col("s.dst").as("src"), m.as("dst"))
                .distinct();
    }

    /** Each node links itself and its smaller neighbours to the smallest of them. */
    static Dataset<Row> smallStar(Dataset<Row> edges) {
        Dataset<Row> oriented = edges.select(
                org.apache.spark.sql.functions.greatest(col("src"), col("dst")).as("big"),
                least(col("src"), col("dst")).as("small"));
        Dataset<Row> smallest = oriented.groupBy("big").agg(min("small").as("m"));
        Dataset<Row> joined = oriented.as("o").join(smallest.as("n"), col("o.big").equalTo(col("n.big")));
        Dataset<Row> neighbours = joined.select(col("o.small").as("src"), col("n.m").as("dst"));
        Dataset<Row> self = joined.select(col("o.big").as("src"), col("n.m").as("dst"));
        return neighbours.union(self).filter(col("src").notEqual(col("dst"))).distinct();
    }
}
