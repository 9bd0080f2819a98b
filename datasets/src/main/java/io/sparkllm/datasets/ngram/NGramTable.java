package io.sparkllm.datasets.ngram;

import java.io.Serializable;

/**
 * The n-grams of one order, packed into three parallel primitive arrays (open addressing, linear probing): a 64-bit
 * hash of the n-gram's word ids as key, and its log10 probability and log10 backoff as floats.
 *
 * <p>Why: the model is broadcast to every Spark executor, so it must be small and cheap to (de)serialise; boxed
 * {@code Map<List<String>, ...>} entries would cost ten times as much. Words themselves are not stored, only the key,
 * as KenLM's probing structure does: two distinct n-grams of one order share a key with probability about
 * {@code count^2 / 2^65} (under 10^-6 for a hundred million n-grams), which is accepted. 16 bytes per slot, at most
 * 70% of slots used.
 */
final class NGramTable implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The key of the empty sequence; {@link #extend} prepends one word. */
    static final long EMPTY = 0x2545F4914F6CDD1DL;
    private static final double MAX_LOAD = 0.7;
    private static final int MAX_CAPACITY = 1 << 30;

    private final long[] keys; // 0 marks a free slot
    private final float[] probs;
    private final float[] backoffs;
    private final int mask;
    private final long maxSize;
    private long size;

    NGramTable(long expected) {
        long needed = Math.max(4L, (long) Math.ceil(expected / MAX_LOAD) + 1);
        if (needed > MAX_CAPACITY) {
            throw new IllegalArgumentException("too many n-grams of one order for one table: " + expected);
        }
        int capacity = Integer.highestOneBit((int) needed - 1) << 1;
        keys = new long[capacity];
        probs = new float[capacity];
        backoffs = new float[capacity];
        mask = capacity - 1;
        maxSize = (long) (capacity * MAX_LOAD);
    }

    /**
     * The key of {@code word} followed by the sequence whose key is {@code key}. Keys are built from the last word
     * backwards so that scoring can lengthen an n-gram into its history one word at a time. Each step is a bijective
     * 64-bit mix, so the order of the words matters.
     */
    static long extend(long key, int wordId) {
        long x = key ^ ((wordId + 1L) * 0x9E3779B97F4A7C15L);
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        x *= 0xC4CEB9FE1A85EC53L;
        x ^= x >>> 33;
        return x;
    }

    /** The key of {@code ids[0..length)}. */
    static long key(int[] ids, int length) {
        long key = EMPTY;
        for (int i = length - 1; i >= 0; i--) {
            key = extend(key, ids[i]);
        }
        return key;
    }

    /** Adds an entry; false when the key is already present (the table is unchanged then). */
    boolean put(long key, float prob, float backoff) {
        long k = key == 0 ? 1 : key;
        int slot = (int) k & mask;
        while (keys[slot] != 0) {
            if (keys[slot] == k) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        if (size >= maxSize) {
            throw new IllegalStateException("n-gram table full: more entries than the " + maxSize + " it was sized for");
        }
        keys[slot] = k;
        probs[slot] = prob;
        backoffs[slot] = backoff;
        size++;
        return true;
    }

    /** The slot holding {@code key}, or -1. */
    int find(long key) {
        long k = key == 0 ? 1 : key;
        int slot = (int) k & mask;
        long found;
        while ((found = keys[slot]) != 0) {
            if (found == k) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    float prob(int slot) {
        return probs[slot];
    }

    float backoff(int slot) {
        return backoffs[slot];
    }

    /** The backoff of {@code key}, 0 (no penalty) when absent. */
    float backoffOrZero(long key) {
        int slot = find(key);
        return slot < 0 ? 0f : backoffs[slot];
    }

    long size() {
        return size;
    }
}
