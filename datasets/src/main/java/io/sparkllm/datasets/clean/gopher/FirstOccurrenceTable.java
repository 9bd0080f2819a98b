package io.sparkllm.datasets.clean.gopher;

import java.util.Arrays;

/**
 * Maps each element of a document (a text span, or a run of word ids) to the index of its first
 * equal element, with open addressing over primitive arrays so that counting duplicates costs no
 * boxing and no substrings. Hashes only pick slots: equality is always checked on the content,
 * so a hash collision never merges two different elements. Reused across documents by one thread.
 */
final class FirstOccurrenceTable {
    private int[] slots = new int[16];
    private long[] slotHashes = new long[16];
    private int mask = 15;

    /** Empties the table for up to {@code elements} insertions. */
    void reset(int elements) {
        int capacity = Integer.highestOneBit(Math.max(8, elements * 2 - 1)) << 1;
        if (slots.length < capacity) {
            slots = new int[capacity];
            slotHashes = new long[capacity];
        }
        mask = capacity - 1;
        Arrays.fill(slots, 0, capacity, -1);
    }

    int capacity() {
        return slots.length;
    }

    /** Span {@code i} of {@code text}; returns the first equal span's index, or {@code i}. */
    int firstSpan(long hash, String text, int[] starts, int[] ends, int i) {
        int slot = (int) GopherText.mix(hash) & mask;
        int length = ends[i] - starts[i];
        while (true) {
            int j = slots[slot];
            if (j < 0) {
                slots[slot] = i;
                slotHashes[slot] = hash;
                return i;
            }
            if (slotHashes[slot] == hash && ends[j] - starts[j] == length
                    && text.regionMatches(starts[i], text, starts[j], length)) {
                return j;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The run {@code ids[i, i+n)}; returns the start of the first equal run, or {@code i}. */
    int firstRun(long hash, int[] ids, int n, int i) {
        int slot = (int) GopherText.mix(hash) & mask;
        while (true) {
            int j = slots[slot];
            if (j < 0) {
                slots[slot] = i;
                slotHashes[slot] = hash;
                return i;
            }
            if (slotHashes[slot] == hash && Arrays.equals(ids, i, i + n, ids, j, j + n)) {
                return j;
            }
            slot = (slot + 1) & mask;
        }
    }
}
