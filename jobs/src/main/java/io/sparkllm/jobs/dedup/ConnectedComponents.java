package io.sparkllm.jobs.dedup;

import io.sparkllm.datasets.dedup.PrimitiveSort;
import io.sparkllm.jobs.io.LookAhead;
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
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Connected components of an undirected graph on Spark, never collected to the driver: the
 * alternating large-star / small-star rounds of Kiveris et al. (2014, "Connected Components in
 * MapReduce and Beyond"), which keep each component's connectivity, shrink its stars and converge
 * in O(log^2 n) rounds. Each step is one shuffle: edges sorted by node stream past, one node's
 * neighbourhood at a time (a task holds its partition's edges, 16 bytes each, to sort them). The rounds stop when the edges form stars around each component's
 * smallest node; every node's label is then that node.
 *
 * <p>The star test costs no pass of its own: large-star sees every node's whole neighbourhood,
 * so while it runs it also checks that its input (a small-star output, whose edges all point to
 * smaller nodes) is stars, and it emits each local minimum's self-link. On stars its output is
 * then exactly one (node, label) pair per node: each leaf to its centre, each centre to itself.
 * A round (small-star, then the next large-star) is one Spark job.
 */
final class ConnectedComponents {
    static final StructType EDGES = new StructType()
            .add("src", DataTypes.LongType, false)
            .add("dst", DataTypes.LongType, false);
    static final StructType LABELS = new StructType()
            .add("node", DataTypes.LongType, false)
            .add("label", DataTypes.LongType, false);

    /**
     * The labelling, (node, label) for every node with an edge, read from the last round's cached
     * blocks ({@code cached}; release them with {@link #unpersist}), and how many rounds it took.
     */
    record Result(JavaPairRDD<Long, Long> labels, LongBlock.Cached<Tuple2<Long, Long>> cached, int rounds) {
        /** As rows (node, label). */
        Dataset<Row> labelRows(SparkSession spark) {
            JavaRDD<Row> rows = labels.map(t -> RowFactory.create(t._1(), t._2()));
            return spark.createDataFrame(rows, LABELS);
        }

        /**
         * Cluster size to how many clusters have it, for every component (all have two or more
         * nodes). A label's pairs all come from the large-star task that grouped its centre, so
         * each partition counts its own clusters whole.
         */
        Map<String, Long> clusterSizes() {
            Map<Long, Long> bySize = labels.mapPartitions(pairs -> {
                Map<Long, Long> sizes = new HashMap<>();
                pairs.forEachRemaining(p -> sizes.merge(p._2(), 1L, Long::sum));
                Map<Long, Long> histogram = new HashMap<>();
                sizes.values().forEach(size -> histogram.merge(size, 1L, Long::sum));
                return List.of(histogram).iterator();
            }).reduce((a, b) -> {
                Map<Long, Long> merged = new HashMap<>(a);
                b.forEach((size, count) -> merged.merge(size, count, Long::sum));
                return merged;
            });
            Map<String, Long> histogram = new TreeMap<>((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
            bySize.forEach((size, count) -> histogram.put(String.valueOf(size), count));
            return histogram;
        }

        void unpersist() {
            cached.unpersist();
        }
    }

    private ConnectedComponents() {
    }

    /** Components of edges given as rows (src, dst). */
    static Result of(Dataset<Row> edges, int maxRounds) {
        return of(edges.select("src", "dst").javaRDD().mapToPair(r -> new Tuple2<>(r.getLong(0), r.getLong(1))),
                maxRounds, new HashPartitioner(edges.sparkSession().sessionState().conf().numShufflePartitions()));
    }

    /** Components of (src, dst) edges, each step spread over {@code partitioner}'s partitions. */
    static Result of(JavaPairRDD<Long, Long> edges, int maxRounds, Partitioner partitioner) {
        JavaPairRDD<Long, Long> stars = largeStar(edges.filter(e -> e._1().longValue() != e._2().longValue()),
                partitioner, null);
        LongBlock.Cached<Tuple2<Long, Long>> held = null;
        for (int round = 1; round <= maxRounds; round++) {
            LongAccumulator notStars = edges.context().longAccumulator("components: nodes not in a star");
            LongBlock.Cached<Tuple2<Long, Long>> cached = LongBlock.cache(
                    largeStar(smallStar(stars, partitioner), partitioner, notStars).rdd().toJavaRDD(), 2,
                    (e, columns, row) -> {
                        columns[0][row] = e._1();
                        columns[1][row] = e._2();
                    },
                    (columns, row) -> new Tuple2<>(columns[0][row], columns[1][row]));
            cached.count();
            if (held != null) {
                held.unpersist();
            }
            held = cached;
            stars = JavaPairRDD.fromJavaRDD(cached.records());
            // A task run twice only counts twice: zero stays zero.
            if (notStars.value() == 0) {
                return new Result(stars, cached, round);
            }
        }
        throw new IllegalStateException("connected components did not converge in " + maxRounds
                + " rounds; raise max-iterations");
    }

    /**
     * Each node links its larger neighbours to the smallest node of its neighbourhood (itself
     * included), and a node with no smaller neighbour links to itself. With {@code notStars}, it
     * also counts the nodes that show the input is not stars around minima: a node with a smaller
     * neighbour and any other neighbour.
     */
    static JavaPairRDD<Long, Long> largeStar(JavaPairRDD<Long, Long> edges, Partitioner partitioner,
                                             LongAccumulator notStars) {
        JavaPairRDD<Long, Long> both = edges.flatMapToPair(e -> List.of(e, e.swap()).iterator());
        return byNode(both, partitioner, (u, neighbours, count, out) -> {
            long m = Math.min(u, neighbours[0]);
            if (m == u) {
                out.add(new Tuple2<>(u, u));
            } else if (notStars != null && count > 1) {
                notStars.add(1);
            }
            for (int i = 0; i < count; i++) {
                if (neighbours[i] > u) {
                    out.add(new Tuple2<>(neighbours[i], m));
                }
            }
        });
    }

    /** Each node links itself and its smaller neighbours to the smallest of them; self-links fall away. */
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

    /** What one node emits given its distinct neighbours, sorted ascending. */
    @FunctionalInterface
    interface NodeStep extends java.io.Serializable {
        void emit(long node, long[] neighbours, int count, ArrayDeque<Tuple2<Long, Long>> out);
    }

    /** Groups edges by src (a shuffle, then a sort of each partition) and applies {@code step} to each src's distinct dsts. */
    private static JavaPairRDD<Long, Long> byNode(JavaPairRDD<Long, Long> edges, Partitioner partitioner, NodeStep step) {
        return edges.partitionBy(partitioner).mapPartitionsToPair(rows -> new Grouped(rows, step));
    }

    /**
     * One partition's (src, dst) edges sorted by src in primitive arrays (16 bytes an edge; Spark's
     * sorter spends more on measuring and comparing boxed pairs than on the work), then streamed one
     * src's neighbourhood (sorted, distinct) at a time.
     */
    private static final class Grouped extends LookAhead<Tuple2<Long, Long>> {
        private final NodeStep step;
        private final ArrayDeque<Tuple2<Long, Long>> out = new ArrayDeque<>();
        private final long[] src;
        private final long[] dst;
        private final int size;
        private long[] neighbours = new long[16];
        private int at;

        Grouped(Iterator<Tuple2<Long, Long>> rows, NodeStep step) {
            this.step = step;
            long[] s = new long[1024];
            long[] d = new long[1024];
            int n = 0;
            while (rows.hasNext()) {
                Tuple2<Long, Long> e = rows.next();
                if (n == s.length) {
                    s = Arrays.copyOf(s, n * 2);
                    d = Arrays.copyOf(d, n * 2);
                }
                s[n] = e._1();
                d[n] = e._2();
                n++;
            }
            PrimitiveSort.sortPairs(s, d, n);
            this.src = s;
            this.dst = d;
            this.size = n;
        }

        @Override
        protected Tuple2<Long, Long> advance() {
            while (out.isEmpty() && at < size) {
                long node = src[at];
                int count = 0;
                while (at < size && src[at] == node) {
                    if (count == neighbours.length) {
                        neighbours = Arrays.copyOf(neighbours, count * 2);
                    }
                    neighbours[count++] = dst[at++];
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
            return out.poll();
        }
    }
}
