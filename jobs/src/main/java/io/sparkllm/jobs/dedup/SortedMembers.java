package io.sparkllm.jobs.dedup;

import io.sparkllm.datasets.dedup.PrimitiveSort;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * One partition's bucket members in {@link BucketMember.Order}, sorted in primitive arrays (32
 * bytes a member) rather than as objects in Spark's sorter, which spends more on measuring and
 * comparing objects than on the work. Memory is the partition's members; the job sizes its
 * partitions to bound it.
 */
final class SortedMembers implements Iterator<BucketMember> {
    private final int[] band;
    private final long[] bucket;
    private final long[] order;
    private final long[] node;
    private final int[] index;
    private final int size;
    // Handed out for each member in turn: the consumer reads its fields before asking for the next.
    private final BucketMember current = new BucketMember();
    private int next;

    SortedMembers(Iterator<BucketMember> members) {
        int capacity = 1024;
        int[] bands = new int[capacity];
        long[] buckets = new long[capacity];
        long[] orders = new long[capacity];
        long[] nodes = new long[capacity];
        int n = 0;
        while (members.hasNext()) {
            BucketMember m = members.next();
            if (n == capacity) {
                capacity *= 2;
                bands = Arrays.copyOf(bands, capacity);
                buckets = Arrays.copyOf(buckets, capacity);
                orders = Arrays.copyOf(orders, capacity);
                nodes = Arrays.copyOf(nodes, capacity);
            }
            bands[n] = m.band;
            buckets[n] = m.bucket;
            orders[n] = m.order;
            nodes[n] = m.node;
            n++;
        }
        this.band = bands;
        this.bucket = buckets;
        this.order = orders;
        this.node = nodes;
        this.size = n;
        this.index = new int[n];
        for (int i = 0; i < n; i++) {
            index[i] = i;
        }
        PrimitiveSort.sortIndex(index, n, (i, j) -> {
            int c = Integer.compare(band[i], band[j]);
            if (c == 0) {
                c = Long.compare(bucket[i], bucket[j]);
            }
            return c != 0 ? c : Long.compare(order[i], order[j]);
        });
    }

    @Override
    public boolean hasNext() {
        return next < size;
    }

    @Override
    public BucketMember next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int i = index[next++];
        current.band = band[i];
        current.bucket = bucket[i];
        current.order = order[i];
        current.node = node[i];
        return current;
    }
}
