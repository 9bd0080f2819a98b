package io.sparkllm.datasets.clean.roots;

import java.util.Arrays;

/**
 * Counts 64-bit n-gram hashes in an open-addressing table of primitives: the repetition filters
 * run on every character of every document, and boxing an object per n-gram was their main cost.
 * Two different n-grams collide with probability about 2^-64 per pair, far below what could
 * change a ratio.
 */
final class NgramCounter {
    private static final long EMPTY = 0L;
    private long[] keys;
    private int[] counts;
    private int size;
    private boolean zeroSeen;
    private int zeroCount;

    NgramCounter(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        counts = new int[capacity];
    }

    void add(long key) {
        if (key == EMPTY) {
            if (!zeroSeen) {
                zeroSeen = true;
                size++;
            }
            zeroCount++;
            return;
        }
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                counts[i]++;
                return;
            }
            if (k == EMPTY) {
                keys[i] = key;
                counts[i] = 1;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** The count of every distinct n-gram, in no particular order. */
    int[] counts() {
        int[] out = new int[size];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                out[n++] = counts[i];
            }
        }
        if (zeroSeen) {
            out[n++] = zeroCount;
        }
        return Arrays.copyOf(out, n);
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldCounts = counts;
        keys = new long[oldKeys.length * 2];
        counts = new int[oldCounts.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != EMPTY) {
                int i = mix(oldKeys[j]) & mask;
                while (keys[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                counts[i] = oldCounts[j];
            }
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
