package io.sparkllm.model.tokenizer;

/**
 * BPE merges keyed by the ids of the two symbols: rank (priority, lower first) and the id of the
 * merged token. Open addressing on primitive arrays, so the merge loop never boxes.
 */
final class PairMergeTable {
    private static final long EMPTY = -1L;
    private final long[] keys;
    private final int[] ranks;
    private final int[] merged;
    private final int mask;
    private int size;

    PairMergeTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
        keys = new long[capacity];
        java.util.Arrays.fill(keys, EMPTY);
        ranks = new int[capacity];
        merged = new int[capacity];
        mask = capacity - 1;
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }

    private static int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29));
    }

    /** Adds a merge; an earlier rank for the same pair wins, as in Hugging Face. */
    void put(int left, int right, int rank, int mergedId) {
        long k = key(left, right);
        int i = slot(k) & mask;
        while (keys[i] != EMPTY) {
            if (keys[i] == k) {
                return;
            }
            i = (i + 1) & mask;
        }
        if (size + 1 > keys.length * 3 / 4) {
            throw new IllegalStateException("merge table full");
        }
        keys[i] = k;
        ranks[i] = rank;
        merged[i] = mergedId;
        size++;
    }

    /** The slot of the pair, or -1 when the pair does not merge. */
    int find(int left, int right) {
        long k = key(left, right);
        int i = slot(k) & mask;
        while (true) {
            long at = keys[i];
            if (at == k) {
                return i;
            }
            if (at == EMPTY) {
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    int rankAt(int slot) {
        return ranks[slot];
    }

    int mergedAt(int slot) {
        return merged[slot];
    }

    int size() {
        return size;
    }

    /** Merges in rank order as (left, right) id pairs. */
    int[][] pairsByRank() {
        int[][] out = new int[size][];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                out[n++] = new int[] {(int) (keys[i] >>> 32), (int) keys[i], ranks[i]};
            }
        }
        java.util.Arrays.sort(out, java.util.Comparator.comparingInt(p -> p[2]));
        return out;
    }
}
