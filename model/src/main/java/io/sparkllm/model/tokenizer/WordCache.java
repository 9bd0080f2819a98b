package io.sparkllm.model.tokenizer;

/**
 * The ids of pre-token words already merged, looked up by the characters of a region of the input
 * so that a hit allocates nothing. Open addressing; cleared when full, which keeps memory bounded
 * on endless streams of new words. Not thread-safe: one per thread.
 */
final class WordCache {
    private final int capacity;
    private final int limit;
    private final String[] keys;
    private final int[][] values;
    private final int[] hashes;
    private int size;

    WordCache(int log2Capacity) {
        capacity = 1 << log2Capacity;
        limit = capacity / 2;
        keys = new String[capacity];
        values = new int[capacity][];
        hashes = new int[capacity];
    }

    static int hash(String s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h ^ (h >>> 16);
    }

    /** The cached ids for {@code s[from, to)} with the given {@link #hash}, or null. */
    int[] get(String s, int from, int to, int hash) {
        int len = to - from;
        int i = hash & (capacity - 1);
        while (true) {
            String key = keys[i];
            if (key == null) {
                return null;
            }
            if (hashes[i] == hash && key.length() == len && key.regionMatches(0, s, from, len)) {
                return values[i];
            }
            i = (i + 1) & (capacity - 1);
        }
    }

    void put(String s, int from, int to, int hash, int[] ids) {
        if (size >= limit) {
            java.util.Arrays.fill(keys, null);
            java.util.Arrays.fill(values, null);
            size = 0;
        }
        int i = hash & (capacity - 1);
        while (keys[i] != null) {
            i = (i + 1) & (capacity - 1);
        }
        keys[i] = s.substring(from, to);
        values[i] = ids;
        hashes[i] = hash;
        size++;
    }
}
