package io.sparkllm.jobs.dedup;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

/**
 * Connected components of an undirected graph on Spark, never collected to the driver: the
 * alternating large-star / small-star rounds of Kiveris et al. (2014, "Connected Components in
 * MapReduce and Beyond"), which keep each component's connectivity, shrink its stars and converge
 * in O(log^2 n) rounds. Each step is one shuffle: edges sorted by node stream past, one node's
 * neighbourhood at a time. The rounds stop when the edges form stars (every node with an edge out
 * has exactly one neighbour, smaller than itself, with no edge out); each star's centre is then
 * its component's smallest node.
 */
final class ConnectedComponents {
    static final StructType EDGES = new StructType()
            .add("src", DataTypes.LongType, false)
            .add("dst", DataTypes.LongType, false);

    /** The labelling (rows node, label; persisted: unpersist it when done) and how many rounds it took. */
    record Result(Dataset<Row> labels, int rounds) {
    }

    private ConnectedComponents() {
    }

    /** Rows (node, label) for every node with an edge: its component's smallest node. Edges are rows (src, dst). */
    static Result of(Dataset<Row> edges, int maxRounds) {
        // Held once: large-star reads its input twice (both directions), and edges may be costly to recompute.
        Dataset<Row> current = edges.select(col("src"), col("dst")).filter(col("src").notEqual(col("dst")))
                .persist(StorageLevel.MEMORY_AND_DISK());
        for (int round = 1; round <= maxRounds; round++) {
            Dataset<Row> next = smallStar(largeStar(current)).persist(StorageLevel.MEMORY_AND_DISK());
            boolean stars = isStars(next);
            current.unpersist(false);
            current = next;
            if (stars) {
                Dataset<Row> labels = current.select(col("src").as("node"), col("dst").as("label"))
                        .union(current.select(col("dst").as("node"), col("dst").as("label")))
                        .groupBy("node").agg(min("label").as("label")).persist(StorageLevel.MEMORY_AND_DISK());
                labels.count();
                current.unpersist(false);
                return new Result(labels, round);
            }
        }
        throw new IllegalStateException("connected components did not converge in " + maxRounds
                + " rounds; raise max-iterations");
    }

    /** Each node links its larger neighbours to the smallest node of its neighbourhood (itself included). */
    static Dataset<Row> largeStar(Dataset<Row> edges) {
        Dataset<Row> both = edges.union(edges.select(col("dst").as("src"), col("src").as("dst")));
        return byNode(both, (u, neighbours, count, out) -> {
            long m = Math.min(u, neighbours[0]);
            for (int i = 0; i < count; i++) {
                if (neighbours[i] > u) {
                    out.add(RowFactory.create(neighbours[i], m));
                }
            }
        });
    }

    /** Each node links itself and its smaller neighbours to the smallest of them. */
    static Dataset<Row> smallStar(Dataset<Row> edges) {
        Dataset<Row> oriented = edges.select(greatest(col("src"), col("dst")).as("src"),
                least(col("src"), col("dst")).as("dst"));
        return byNode(oriented, (u, smaller, count, out) -> {
            long m = Math.min(u, smaller[0]);
            for (int i = 0; i < count; i++) {
                if (smaller[i] != m) {
                    out.add(RowFactory.create(smaller[i], m));
                }
            }
            if (u != m) {
                out.add(RowFactory.create(u, m));
            }
        });
    }

    /**
     * True when the edges are stars: no node both has an edge out and is some edge's target, and
     * no node has edges out to two different targets. One aggregation; repeated edges allowed.
     */
    static boolean isStars(Dataset<Row> edges) {
        Dataset<Row> ends = edges.select(col("src").as("node"), col("dst").as("target"), lit(0).as("is_target"))
                .union(edges.select(col("dst").as("node"), lit(null).cast("long").as("target"), lit(1).as("is_target")));
        Row bad = ends.groupBy("node")
                .agg(min("target").as("least"), max("target").as("greatest"), max("is_target").as("is_target"))
                .agg(count(when(col("least").isNotNull()
                        .and(col("is_target").equalTo(1).or(col("least").notEqual(col("greatest")))), 1)))
                .first();
        return bad.getLong(0) == 0;
    }

    /** What one node emits given its distinct neighbours, sorted ascending. */
    @FunctionalInterface
    interface NodeStep extends java.io.Serializable {
        void emit(long node, long[] neighbours, int count, ArrayDeque<Row> out);
    }

    /** Groups edges by src (a shuffle and a sort) and applies {@code step} to each src's distinct dsts. */
    private static Dataset<Row> byNode(Dataset<Row> edges, NodeStep step) {
        return edges.repartition(col("src")).sortWithinPartitions("src", "dst")
                .mapPartitions((MapPartitionsFunction<Row, Row>) rows -> new Grouped(rows, step), Encoders.row(EDGES));
    }

    /** Streams (src, dst) rows sorted by src then dst, one src's neighbourhood in memory at a time. */
    private static final class Grouped implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final NodeStep step;
        private final ArrayDeque<Row> out = new ArrayDeque<>();
        private long[] neighbours = new long[16];
        private Row lookahead;

        Grouped(Iterator<Row> rows, NodeStep step) {
            this.rows = rows;
            this.step = step;
            this.lookahead = rows.hasNext() ? rows.next() : null;
        }

        @Override
        public boolean hasNext() {
            while (out.isEmpty() && lookahead != null) {
                long node = lookahead.getLong(0);
                int count = 0;
                while (lookahead != null && lookahead.getLong(0) == node) {
                    long neighbour = lookahead.getLong(1);
                    if (count == 0 || neighbours[count - 1] != neighbour) {
                        if (count == neighbours.length) {
                            neighbours = Arrays.copyOf(neighbours, count * 2);
                        }
                        neighbours[count++] = neighbour;
                    }
                    lookahead = rows.hasNext() ? rows.next() : null;
                }
                step.emit(node, neighbours, count, out);
            }
            return !out.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return out.poll();
        }
    }
}
