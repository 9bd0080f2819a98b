package io.sparkllm.datasets.clean.roots;

import java.util.Arrays;

/**
 * Counts 64-bit n-gram hashes in an open-addressing table of primitives: the repetition filters
 * run on every character of every document, and boxing an object per n-gram was their main cost.
 * Each slot keeps its key and its (stamp, count) side by side, so a probe touches one cache line.
 * One counter per thread is reused from document to document: a slot belongs to the current
 * document only when its stamp says so, so nothing is cleared between documents, and the part of
 * the table in use is sized to the document, so small documents stay in cache. Two different
 * n-grams collide with probability about 2^-64 per pair, far below what could change a ratio.
 */
final class NgramCounter {
    private static final ThreadLocal<NgramCounter> PER_THREAD = ThreadLocal.withInitial(NgramCounter::new);

    /** slot i: [2i] the key, [2i+1] the stamp in the high 32 bits and the count in the low 32. */
    private long[] table = new long[2048];
    private int stamp;
    private int mask;
    private int size;
    private int[] usedSlots = new int[512];

    /** This thread's counter, emptied and sized for about {@code expected} distinct n-grams. */
    static NgramCounter reset(int expected) {
        NgramCounter c = PER_THREAD.get();
        c.clear(Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1);
        return c;
    }

    private void clear(int slots) {
        if (slots * 2 > table.length) {
            table = new long[slots * 2];
            stamp = 0;
        }
        stamp++;
        if (stamp == Integer.MAX_VALUE) {
            Arrays.fill(table, 0L);
            stamp = 1;
        }
        mask = slots - 1;
        size = 0;
    }

    void add(long key) {
        long current = (long) stamp << 32;
        int i = mix(key) & mask;
        while (true) {
            int k = i << 1;
            long meta = table[k + 1];
            if ((meta & 0xFFFFFFFF00000000L) != current) {
                table[k] = key;
                table[k + 1] = current | 1L;
                if (size == usedSlots.length) {
                    usedSlots = Arrays.copyOf(usedSlots, size * 2);
                }
                usedSlots[size++] = i;
                if (size * 2 > mask + 1) {
                    grow();
                }
                return;
            }
            if (table[k] == key) {
                table[k + 1] = meta + 1;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** The count of every distinct n-gram, in no particular order. */
    int[] counts() {
        int[] out = new int[size];
        for (int j = 0; j < size; j++) {
            out[j] = (int) table[(usedSlots[j] << 1) + 1];
        }
        return out;
    }

    private void grow() {
        long[] old = table;
        int oldSize = size;
        int[] slots = Arrays.copyOf(usedSlots, oldSize);
        int capacity = (mask + 1) * 2;
        table = new long[Math.max(old.length, capacity * 2)];
        stamp = 1;
        mask = capacity - 1;
        long current = (long) stamp << 32;
        for (int j = 0; j < oldSize; j++) {
            long key = old[slots[j] << 1];
            int count = (int) old[(slots[j] << 1) + 1];
            int i = mix(key) & mask;
            while ((table[(i << 1) + 1] & 0xFFFFFFFF00000000L) == current) {
                i = (i + 1) & mask;
            }
            table[i << 1] = key;
            table[(i << 1) + 1] = current | count;
            usedSlots[j] = i;
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
