package io.sparkllm.jobs.dedup;

import io.sparkllm.datasets.dedup.LongUnionFind;
import org.apache.spark.api.java.function.FlatMapFunction;

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
final class BucketLinks implements FlatMapFunction<Iterator<BucketMember>, BucketLink> {
    private final int maxBucketSize;
    private final boolean joinLocally;
    private final int flushNodes;

    BucketLinks(int maxBucketSize, boolean joinLocally, int flushNodes) {
        this.maxBucketSize = maxBucketSize;
        this.joinLocally = joinLocally;
        this.flushNodes = flushNodes;
    }

    /** Members sorted by (band, bucket, order), as {@link SortedMembers} hands them out. */
    @Override
    public Iterator<BucketLink> call(Iterator<BucketMember> members) {
        return new Links(members);
    }

    /** Lazily consumes members, holding at most one union-find's links at a time. */
    private final class Links implements Iterator<BucketLink> {
        private final Iterator<BucketMember> members;
        private final ArrayDeque<BucketLink> pending = new ArrayDeque<>();
        private LongUnionFind trees = new LongUnionFind(1024);
        private boolean finished;
        private int band = -1;
        private long bucket;
        private long size;
        private long bucketFirst;
        private long chunkFirst;

        Links(Iterator<BucketMember> members) {
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
        public BucketLink next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.poll();
        }

        private void take(BucketMember m) {
            int b = m.band;
            long k = m.bucket;
            long node = m.node;
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
                pending.add(new BucketLink(node, chunkFirst, 0L));
            }
            size++;
        }

        private void reportIfOversized() {
            if (size > maxBucketSize) {
                pending.add(new BucketLink(bucketFirst, bucketFirst, size));
            }
        }

        private void flush() {
            trees.forEachLink((node, root) -> pending.add(new BucketLink(node, root, 0L)));
            trees = new LongUnionFind(1024);
        }
    }
}
