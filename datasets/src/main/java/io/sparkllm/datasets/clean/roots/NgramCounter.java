package io.sparkllm.datasets.clean.roots;

/**
 * Counts 64-bit n-gram hashes in an open-addressing table of primitives: the repetition filters
 * run on every character of every document, and boxing an object per n-gram was their main cost.
 * One counter per thread is reused from document to document: a slot belongs to the current
 * document only when its stamp says so, so nothing is cleared or reallocated between documents.
 * Two different n-grams collide with probability about 2^-64 per pair, far below what could
 * change a ratio.
 */
final class NgramCounter {
    private static final ThreadLocal<NgramCounter> PER_THREAD = ThreadLocal.withInitial(NgramCounter::new);

    private long[] keys = new long[1024];
    private int[] counts = new int[1024];
    private int[] stamps = new int[1024];
    private int stamp;
    private int size;
    /** The part of the arrays this document uses: sized to it, so small documents stay in cache. */
    private int mask;
    private int[] usedSlots = new int[512];

    /** This thread's counter, emptied and sized for about {@code expected} distinct n-grams. */
    static NgramCounter reset(int expected) {
        NgramCounter c = PER_THREAD.get();
        c.clear(expected);
        return c;
    }

    private void clear(int expected) {
        int needed = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        if (needed > keys.length) {
            keys = new long[needed];
            counts = new int[needed];
            stamps = new int[needed];
            stamp = 0;
        }
        mask = needed - 1;
        stamp++;
        if (stamp == Integer.MAX_VALUE) {
            java.util.Arrays.fill(stamps, 0);
            stamp = 1;
        }
        size = 0;
    }

    void add(long key) {
        int i = mix(key) & mask;
        while (true) {
            if (stamps[i] != stamp) {
                stamps[i] = stamp;
                keys[i] = key;
                counts[i] = 1;
                if (size == usedSlots.length) {
                    usedSlots = java.util.Arrays.copyOf(usedSlots, size * 2);
                }
                // remember the slot; its count is read back in counts()
                usedSlots[size++] = i;
                if (size * 2 > mask + 1) {
                    grow();
                }
                return;
            }
            if (keys[i] == key) {
                counts[i]++;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    int distinct() {
        return size;
    }

    /** The count of every distinct n-gram, in no particular order (valid until the next add or reset). */
    int[] counts() {
        int[] out = new int[size];
        for (int j = 0; j < size; j++) {
            out[j] = counts[usedSlots[j]];
        }
        return out;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldCounts = counts;
        int[] slots = java.util.Arrays.copyOf(usedSlots, size);
        int capacity = Math.max(keys.length, (mask + 1) * 2);
        keys = new long[capacity];
        counts = new int[capacity];
        stamps = new int[capacity];
        stamp = 1;
        mask = (mask + 1) * 2 - 1;
        for (int j = 0; j < slots.length; j++) {
            long key = oldKeys[slots[j]];
            int i = mix(key) & mask;
            while (stamps[i] == stamp) {
                i = (i + 1) & mask;
            }
            stamps[i] = stamp;
            keys[i] = key;
            counts[i] = oldCounts[slots[j]];
            usedSlots[j] = i;
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
