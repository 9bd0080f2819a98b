package io.sparkllm.datasets.ngram;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Words to dense ids 0..size-1 in insertion order: a string array plus an open-addressing index of ints, so that a
 * broadcast model carries no boxed map entries. Grows while a model is being built; read-only afterwards.
 */
final class Vocabulary implements Serializable {
    private static final long serialVersionUID = 1L;

    private String[] words = new String[16];
    private int[] slots = new int[32]; // id + 1, 0 marks a free slot
    private int size;

    /** The id of {@code word}, or -1. */
    int id(String word) {
        int mask = slots.length - 1;
        int slot = spread(word.hashCode()) & mask;
        int entry;
        while ((entry = slots[slot]) != 0) {
            if (words[entry - 1].equals(word)) {
                return entry - 1;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    /** Adds {@code word} and returns its new id, or -1 when it is already present. */
    int add(String word) {
        if (id(word) >= 0) {
            return -1;
        }
        if (size == words.length) {
            words = Arrays.copyOf(words, Math.max(16, size * 2));
        }
        if ((size + 1) * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        words[size] = word;
        insert(size);
        return size++;
    }

    String word(int id) {
        if (id < 0 || id >= size) {
            throw new IndexOutOfBoundsException("word id " + id + " of " + size);
        }
        return words[id];
    }

    int size() {
        return size;
    }

    /** Drops the spare capacity once building is over, so that serialised models carry none. */
    void trim() {
        words = Arrays.copyOf(words, size);
        int capacity = Integer.highestOneBit(Math.max(2, size * 2 - 1)) << 1;
        if (capacity < slots.length) {
            rehash(capacity);
        }
    }

    private void rehash(int capacity) {
        slots = new int[capacity];
        for (int id = 0; id < size; id++) {
            insert(id);
        }
    }

    private void insert(int id) {
        int mask = slots.length - 1;
        int slot = spread(words[id].hashCode()) & mask;
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = id + 1;
    }

    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
