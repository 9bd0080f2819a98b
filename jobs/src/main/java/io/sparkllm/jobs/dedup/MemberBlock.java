package io.sparkllm.jobs.dedup;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Bucket members bound for one partition, shipped as primitive arrays (20 bytes a member): Kryo
 * writes a block at array speed, where members one by one cost a class tag, boxing and reference
 * bookkeeping each.
 */
public final class MemberBlock implements Serializable {
    /** Members a block holds at most: a map task holds one block per partition it feeds. */
    static final int CAPACITY = 8192;

    public int[] bands;
    public long[] buckets;
    public long[] nodes;
    public int size;

    public MemberBlock() {
        // for Kryo
    }

    MemberBlock(int capacity) {
        bands = new int[capacity];
        buckets = new long[capacity];
        nodes = new long[capacity];
    }

    void add(int band, long bucket, long node) {
        bands[size] = band;
        buckets[size] = bucket;
        nodes[size] = node;
        size++;
    }

    boolean isFull() {
        return size == bands.length;
    }

    /** This block cut to its size, so that no unused capacity is shipped. */
    MemberBlock trimmed() {
        if (isFull()) {
            return this;
        }
        MemberBlock out = new MemberBlock();
        out.bands = Arrays.copyOf(bands, size);
        out.buckets = Arrays.copyOf(buckets, size);
        out.nodes = Arrays.copyOf(nodes, size);
        out.size = size;
        return out;
    }
}
