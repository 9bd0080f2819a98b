package io.sparkllm.jobs.dedup;

import io.sparkllm.datasets.dedup.SignatureBytes;
import io.sparkllm.jobs.io.LookAhead;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

import java.io.Serializable;
import java.util.Comparator;
import java.util.Iterator;

/**
 * Streams over clustered documents sorted by (label, node): a cluster's label is its smallest
 * node, so its representative arrives first, and every later member becomes a duplicate row
 * with the representative's id and the MinHash estimate of their similarity. Constant memory
 * whatever the cluster size.
 */
final class Representatives implements FlatMapFunction<Iterator<SignedDoc>, Row> {
    /** One row per duplicate; origin says whether it was read in this run or comes from an index. */
    static final StructType DUPLICATES = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("cluster_id", DataTypes.LongType, false)
            .add("representative_id", DataTypes.StringType, false)
            .add("estimated_similarity", DataTypes.DoubleType, false)
            .add("origin", DataTypes.ByteType, false);

    /** Duplicate rows of the clustered documents among {@code docs}, clusters spread by label. */
    static JavaRDD<Row> of(JavaRDD<SignedDoc> docs, Partitioner partitioner) {
        return docs.filter(d -> d.clustered).mapToPair(d -> new Tuple2<>(new Tuple2<>(d.label, d.node), d))
                .repartitionAndSortWithinPartitions(new ByLabel(partitioner), new LabelThenNode())
                .values().mapPartitions(new Representatives());
    }

    @Override
    public Iterator<Row> call(Iterator<SignedDoc> members) {
        return new LookAhead<>() {
            private long label;
            private String representativeId;
            private byte[] representativeSignature;

            @Override
            protected Row advance() {
                while (members.hasNext()) {
                    SignedDoc m = members.next();
                    if (m.node == m.label) {
                        label = m.label;
                        representativeId = m.id;
                        representativeSignature = m.signature;
                    } else if (representativeId == null || label != m.label) {
                        throw new IllegalStateException("cluster " + m.label + " has no representative row");
                    } else {
                        return RowFactory.create(m.id, label, representativeId,
                                SignatureBytes.similarity(m.signature, representativeSignature), m.origin);
                    }
                }
                return null;
            }
        };
    }

    /** Spreads (label, node) keys by label alone, so a cluster stays in one partition. */
    private static final class ByLabel extends Partitioner {
        private final Partitioner byNode;

        ByLabel(Partitioner byNode) {
            this.byNode = byNode;
        }

        @Override
        public int numPartitions() {
            return byNode.numPartitions();
        }

        @Override
        @SuppressWarnings("unchecked")
        public int getPartition(Object key) {
            return byNode.getPartition(((Tuple2<Long, Long>) key)._1());
        }
    }

    private static final class LabelThenNode implements Comparator<Tuple2<Long, Long>>, Serializable {
        @Override
        public int compare(Tuple2<Long, Long> x, Tuple2<Long, Long> y) {
            int c = Long.compare(x._1(), y._1());
            return c != 0 ? c : Long.compare(x._2(), y._2());
        }
    }
}
