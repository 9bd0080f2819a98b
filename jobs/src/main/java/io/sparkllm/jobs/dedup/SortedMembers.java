package io.sparkllm.jobs.dedup;

import io.sparkllm.datasets.dedup.PrimitiveSort;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One partition's bucket members in (band, bucket, order) order, sorted in primitive arrays rather
 * than as objects in Spark's sorter, which spends more on measuring and comparing objects than on
 * the work: a counting pass splits them by band, each band's (bucket, node) pairs are sorted by
 * bucket, and only the runs of a shared bucket are sorted by order. Memory is the partition's
 * members, 36 bytes each at most; the job sizes its partitions to bound it.
 */
final class SortedMembers implements Iterator<BucketMember> {
    private final long[] bucket;
    private final long[] node;
    /** Where each band's members end in bucket and node: the bands come in ascending order. */
    private final int[] bandEnd;
    // Handed out for each member in turn: the consumer reads its fields before asking for the next.
    private final BucketMember current = new BucketMember();
    private int band;
    private int next;

    private SortedMembers(List<MemberBlock> blocks) {
        int bands = 0;
        int size = 0;
        for (MemberBlock b : blocks) {
            size += b.size;
            for (int i = 0; i < b.size; i++) {
                bands = Math.max(bands, b.bands[i] + 1);
            }
        }
        int[] start = new int[bands + 1];
        for (MemberBlock b : blocks) {
            for (int i = 0; i < b.size; i++) {
                start[b.bands[i] + 1]++;
            }
        }
        for (int k = 0; k < bands; k++) {
            start[k + 1] += start[k];
        }
        bucket = new long[size];
        node = new long[size];
        for (MemberBlock b : blocks) {
            for (int i = 0; i < b.size; i++) {
                int to = start[b.bands[i]]++;
                bucket[to] = b.buckets[i];
                node[to] = b.nodes[i];
            }
        }
        bandEnd = start; // each band's start has moved on to its end
        int from = 0;
        for (int k = 0; k < bands; k++) {
            sortBand(k, from, bandEnd[k]);
            from = bandEnd[k];
        }
    }

    /** Members handed over in blocks, in any order. */
    static SortedMembers ofBlocks(Iterator<MemberBlock> blocks) {
        List<MemberBlock> all = new ArrayList<>();
        blocks.forEachRemaining(all::add);
        return new SortedMembers(all);
    }

    /** Members one by one, in any order. */
    static SortedMembers of(Iterator<BucketMember> members) {
        List<MemberBlock> all = new ArrayList<>();
        MemberBlock block = new MemberBlock(MemberBlock.CAPACITY);
        while (members.hasNext()) {
            BucketMember m = members.next();
            block.add(m.band, m.bucket, m.node);
            if (block.isFull()) {
                all.add(block);
                block = new MemberBlock(MemberBlock.CAPACITY);
            }
        }
        all.add(block);
        return new SortedMembers(all);
    }

    /** Sorts band k's members, [from, to), by bucket, then each bucket's by order. */
    private void sortBand(int k, int from, int to) {
        PrimitiveSort.sortPairs(bucket, node, from, to);
        long[] order = new long[0];
        long[] nodes = new long[0];
        for (int i = from; i < to; ) {
            int end = i + 1;
            while (end < to && bucket[end] == bucket[i]) {
                end++;
            }
            int n = end - i;
            if (n > 1) {
                if (order.length < n) {
                    order = new long[Math.max(n, 2 * order.length)];
                    nodes = new long[order.length];
                }
                for (int j = 0; j < n; j++) {
                    nodes[j] = node[i + j];
                    order[j] = BucketMember.order(k, nodes[j]);
                }
                PrimitiveSort.sortPairs(order, nodes, 0, n);
                System.arraycopy(nodes, 0, node, i, n);
            }
            i = end;
        }
    }

    @Override
    public boolean hasNext() {
        return next < bucket.length;
    }

    @Override
    public BucketMember next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        while (next >= bandEnd[band]) {
            band++;
        }
        current.band = band;
        current.bucket = bucket[next];
        current.node = node[next];
        current.order = BucketMember.order(band, current.node);
        next++;
        return current;
    }
}
