package io.sparkllm.jobs.dedup;

import io.sparkllm.datasets.dedup.SignatureBytes;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams over clustered documents sorted by (label, node): a cluster's label is its smallest
 * node, so its representative arrives first, and every later member becomes a duplicate row
 * with the representative's id and the MinHash estimate of their similarity. Constant memory
 * whatever the cluster size.
 */
final class Representatives implements MapPartitionsFunction<Row, Row> {
    /** Input: label, node, id, signature (binary), previously_kept (null for this batch). */
    static final StructType DUPLICATES = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("cluster_id", DataTypes.LongType, false)
            .add("representative_id", DataTypes.StringType, false)
            .add("estimated_similarity", DataTypes.DoubleType, false)
            .add("node", DataTypes.LongType, false)
            .add("previously_kept", DataTypes.BooleanType, true);

    @Override
    public Iterator<Row> call(Iterator<Row> members) {
        return new Iterator<>() {
            private long label;
            private String representativeId;
            private byte[] representativeSignature;
            private Row next;

            @Override
            public boolean hasNext() {
                while (next == null && members.hasNext()) {
                    Row m = members.next();
                    long memberLabel = m.getLong(0);
                    long node = m.getLong(1);
                    if (node == memberLabel) {
                        label = memberLabel;
                        representativeId = m.getString(2);
                        representativeSignature = (byte[]) m.get(3);
                    } else if (representativeId == null || label != memberLabel) {
                        throw new IllegalStateException("cluster " + memberLabel + " has no representative row");
                    } else {
                        next = RowFactory.create(m.getString(2), label, representativeId,
                                SignatureBytes.similarity((byte[]) m.get(3), representativeSignature), node,
                                m.isNullAt(4) ? null : m.getBoolean(4));
                    }
                }
                return next != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row out = next;
                next = null;
                return out;
            }
        };
    }
}
