package io.sparkllm.jobs.dedup;

import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * Connected components of an undirected graph on Spark, never collected to the driver: the
 * alternating large-star / small-star rounds of Kiveris et al. (2014, "Connected Components in
 * MapReduce and Beyond"), which keep each component's connectivity, shrink its stars and converge
 * in O(log^2 n) rounds. Each step is one shuffle: edges sorted by node stream past, one node's
 * neighbourhood at a time. The rounds stop when the edges form stars (every node with an edge out
 * has exactly one neighbour, smaller than itself, with no edge out); each star's centre is then
 * its component's smallest node.
 *
 * <p>The rounds run on RDDs of node pairs: each round (both steps and the star test) is one Spark
 * job, with no query planning, where a Dataset round cost several planned and re-planned jobs.
 */
final class ConnectedComponents {
    static final StructType EDGES = new StructType()
            .add("src", DataTypes.LongType, false)
            .add("dst", DataTypes.LongType, false);
    static final StructType LABELS = new StructType()
            .add("node", DataTypes.LongType, false)
            .add("label", DataTypes.LongType, false);

    /**
     * The labelling (rows node, label, computed when first used) and how many rounds it took.
     * {@link #unpersist} releases what it holds.
     */
    record Result(Dataset<Row> labels, int rounds, JavaPairRDD<Long, Long> labelPairs, JavaPairRDD<Long, Long> stars) {
        /** Cluster size to how many clusters have it, for every component (all have two or more nodes). */
        Map<String, Long> clusterSizes() {
            Map<String, Long> histogram = new TreeMap<>((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
            for (Tuple2<Long, Long> sizes : labelPairs.mapToPair(t -> new Tuple2<>(t._2(), 1L)).reduceByKey(Long::sum)
                    .mapToPair(t -> new Tuple2<>(t._2(), 1L)).reduceByKey(Long::sum).collect()) {
                histogram.put(String.valueOf(sizes._1()), sizes._2());
            }
            return histogram;
        }

        void unpersist() {
            labelPairs.unpersist(false);
            stars.unpersist(false);
        }
    }

    private ConnectedComponents() {
    }

    /** Rows (node, label) for every node with an edge: its component's smallest node. Edges are rows (src, dst). */
    static Result of(Dataset<Row> edges, int maxRounds) {
        SparkSession spark = edges.sparkSession();
        Partitioner partitioner = new HashPartitioner(spark.sessionState().conf().numShufflePartitions());
        // Held once: large-star reads its input twice (both directions), and edges may be costly to recompute.
        JavaPairRDD<Long, Long> current = edges.select("src", "dst").javaRDD()
                .mapToPair(r -> new Tuple2<>(r.getLong(0), r.getLong(1)))
                .filter(e -> e._1().longValue() != e._2().longValue())
                .persist(StorageLevel.MEMORY_AND_DISK());
        for (int round = 1; round <= maxRounds; round++) {
            JavaPairRDD<Long, Long> next = smallStar(largeStar(current, partitioner), partitioner)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            boolean stars = isStars(next, partitioner);
            current.unpersist(false);
            current = next;
            if (stars) {
                JavaPairRDD<Long, Long> labels = current
                        .flatMapToPair(e -> List.of(e, new Tuple2<>(e._2(), e._2())).iterator())
                        .reduceByKey(partitioner, Math::min)
                        .persist(StorageLevel.MEMORY_AND_DISK());
                JavaRDD<Row> rows = labels.map(t -> RowFactory.create(t._1(), t._2()));
                return new Result(spark.createDataFrame(rows, LABELS), round, labels, current);
            }
        }
        throw new IllegalStateException("connected components did not converge in " + maxRounds
                + " rounds; raise max-iterations");
    }

    /** Each node links its larger neighbours to the smallest node of its neighbourhood (itself included). */
    static JavaPairRDD<Long, Long> largeStar(JavaPairRDD<Long, Long> edges, Partitioner partitioner) {
        JavaPairRDD<Long, Long> both = edges.flatMapToPair(e -> List.of(e, e.swap()).iterator());
        return byNode(both, partitioner, (u, neighbours, count, out) -> {
            long m = Math.min(u, neighbours[0]);
            for (int i = 0; i < count; i++) {
                if (neighbours[i] > u) {
                    out.add(new Tuple2<>(neighbours[i], m));
                }
            }
        });
    }

    /** Each node links itself and its smaller neighbours to the smallest of them. */
    static JavaPairRDD<Long, Long> smallStar(JavaPairRDD<Long, Long> edges, Partitioner partitioner) {
        JavaPairRDD<Long, Long> oriented = edges.mapToPair(e -> e._1() >= e._2() ? e : e.swap());
        return byNode(oriented, partitioner, (u, smaller, count, out) -> {
            long m = Math.min(u, smaller[0]);
            for (int i = 0; i < count; i++) {
                if (smaller[i] != m) {
                    out.add(new Tuple2<>(smaller[i], m));
                }
            }
            if (u != m) {
                out.add(new Tuple2<>(u, m));
            }
        });
    }

    /**
     * True when the edges are stars: no node both has an edge out and is some edge's target, and
     * no node has edges out to two different targets. One aggregation; repeated edges allowed.
     * Per node: {has an edge out, least target, greatest target, is a target}.
     */
    static boolean isStars(JavaPairRDD<Long, Long> edges, Partitioner partitioner) {
        long bad = edges.flatMapToPair(e -> List.of(
                        new Tuple2<>(e._1(), new long[] {1, e._2(), e._2(), 0}),
                        new Tuple2<>(e._2(), new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE, 1})).iterator())
                .reduceByKey(partitioner, (a, b) -> new long[] {a[0] | b[0], Math.min(a[1], b[1]), Math.max(a[2], b[2]),
                        a[3] | b[3]})
                .filter(t -> t._2()[0] == 1 && (t._2()[3] == 1 || t._2()[1] != t._2()[2]))
                .count();
        return bad == 0;
    }

    /** What one node emits given its distinct neighbours, sorted ascending. */
    @FunctionalInterface
    interface NodeStep extends java.io.Serializable {
        void emit(long node, long[] neighbours, int count, ArrayDeque<Tuple2<Long, Long>> out);
    }

    /** Groups edges by src (a shuffle and a sort) and applies {@code step} to each src's distinct dsts. */
    private static JavaPairRDD<Long, Long> byNode(JavaPairRDD<Long, Long> edges, Partitioner partitioner, NodeStep step) {
        return edges.repartitionAndSortWithinPartitions(partitioner)
                .mapPartitionsToPair(rows -> new Grouped(rows, step));
    }

    /** Streams (src, dst) pairs sorted by src, one src's neighbourhood (sorted, distinct) in memory at a time. */
    private static final class Grouped implements Iterator<Tuple2<Long, Long>> {
        private final Iterator<Tuple2<Long, Long>> rows;
        private final NodeStep step;
        private final ArrayDeque<Tuple2<Long, Long>> out = new ArrayDeque<>();
        private long[] neighbours = new long[16];
        private Tuple2<Long, Long> lookahead;

        Grouped(Iterator<Tuple2<Long, Long>> rows, NodeStep step) {
            this.rows = rows;
            this.step = step;
            this.lookahead = rows.hasNext() ? rows.next() : null;
        }

        @Override
        public boolean hasNext() {
            while (out.isEmpty() && lookahead != null) {
                long node = lookahead._1();
                int count = 0;
                while (lookahead != null && lookahead._1() == node) {
                    if (count == neighbours.length) {
                        neighbours = Arrays.copyOf(neighbours, count * 2);
                    }
                    neighbours[count++] = lookahead._2();
                    lookahead = rows.hasNext() ? rows.next() : null;
                }
                Arrays.sort(neighbours, 0, count);
                int distinct = 0;
                for (int i = 0; i < count; i++) {
                    if (distinct == 0 || neighbours[distinct - 1] != neighbours[i]) {
                        neighbours[distinct++] = neighbours[i];
                    }
                }
                step.emit(node, neighbours, distinct, out);
            }
            return !out.isEmpty();
        }

        @Override
        public Tuple2<Long, Long> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return out.poll();
        }
    }
}
