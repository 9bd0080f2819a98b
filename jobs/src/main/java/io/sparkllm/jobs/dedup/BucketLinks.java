package io.sparkllm.jobs.dedup;

import io.sparkllm.datasets.dedup.LongUnionFind;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Turns band-bucket members into links, streaming over a partition sorted by (band, bucket,
 * order): each member links to the first member of its chunk, a chunk being at most
 * {@code maxBucketSize} consecutive members, so a bucket of any size costs constant memory. Each
 * oversized bucket also yields one report row (its size in {@code bucket_size}).
 *
 * <p>With {@code joinLocally}, the links first go through a union-find and leave as (node, root)
 * trees: far fewer edges for the distributed connected components. The union-find is flushed
 * whenever it holds {@code flushNodes} nodes, which bounds a task's memory and keeps every
 * connection. Without it (exact verification needs the raw pairs), each link leaves as it is.
 */
final class BucketLinks implements MapPartitionsFunction<Row, Row> {
    static final StructType SCHEMA = new StructType()
            .add("src", DataTypes.LongType, false)
            .add("dst", DataTypes.LongType, false)
            .add("bucket_size", DataTypes.LongType, false);

    private final int maxBucketSize;
    private final boolean joinLocally;
    private final int flushNodes;

    BucketLinks(int maxBucketSize, boolean joinLocally, int flushNodes) {
        this.maxBucketSize = maxBucketSize;
        this.joinLocally = joinLocally;
        this.flushNodes = flushNodes;
    }

    /** Input rows: band (int), bucket (long), node (long), in (band, bucket, chunk order) order. */
    @Override
    public Iterator<Row> call(Iterator<Row> members) {
        return new Links(members);
    }

    /** Lazily consumes members, holding at most one union-find's links at a time. */
    private final class Links implements Iterator<Row> {
        private final Iterator<Row> members;
        private final ArrayDeque<Row> pending = new ArrayDeque<>();
        private LongUnionFind trees = new LongUnionFind(1024);
        private boolean finished;
        private int band = -1;
        private long bucket;
        private long size;
        private long bucketFirst;
        private long chunkFirst;

        Links(Iterator<Row> members) {
            this.members = members;
        }

        @Override
        public boolean hasNext() {
            while (pending.isEmpty() && !finished) {
                if (members.hasNext()) {
                    take(members.next());
                } else {
                    reportIfOversized();
                    flush();
                    finished = true;
                }
            }
            return !pending.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.poll();
        }

        private void take(Row m) {
            int b = m.getInt(0);
            long k = m.getLong(1);
            long node = m.getLong(2);
            if (size == 0 || b != band || k != bucket) {
                reportIfOversized();
                band = b;
                bucket = k;
                size = 0;
                bucketFirst = node;
            }
            if (size % maxBucketSize == 0) {
                chunkFirst = node;
            } else if (joinLocally) {
                trees.union(node, chunkFirst);
                if (trees.size() >= flushNodes) {
                    flush();
                }
            } else {
                pending.add(RowFactory.create(node, chunkFirst, 0L));
            }
            size++;
        }

        private void reportIfOversized() {
            if (size > maxBucketSize) {
                pending.add(RowFactory.create(bucketFirst, bucketFirst, size));
            }
        }

        private void flush() {
            trees.forEachLink((node, root) -> pending.add(RowFactory.create(node, root, 0L)));
            trees = new LongUnionFind(1024);
        }
    }
}
