package io.sparkllm.datasets.clean.lang;

import com.optimaize.langdetect.NgramFrequencyData;
import com.optimaize.langdetect.profiles.LanguageProfile;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Optimaize's per-language probabilities of each known 1- to 3-character n-gram, looked up by the
 * n-gram's characters packed into a long: Optimaize's own table is a map keyed by strings, so every
 * lookup cost a substring and a string hash. The probability rows are Optimaize's own arrays.
 */
final class GramTable {
    /** Slot i holds its key at [2i] and its row at [2i+1], so a probe touches one cache line. */
    private final long[] slots;
    private final int mask;
    private final double[][] probabilities;

    private GramTable(long[] slots, double[][] probabilities) {
        this.slots = slots;
        this.mask = slots.length / 2 - 1;
        this.probabilities = probabilities;
    }

    /** Every n-gram of every profile, with its row of {@code data}. */
    static GramTable of(Collection<LanguageProfile> profiles, NgramFrequencyData data) {
        Set<String> grams = new LinkedHashSet<>();
        for (LanguageProfile profile : profiles) {
            for (int length = 1; length <= 3; length++) {
                for (var gram : profile.iterateGrams(length)) {
                    grams.add(gram.getKey());
                }
            }
        }
        int capacity = Integer.highestOneBit(Math.max(16, grams.size() * 2 - 1)) << 1;
        long[] slots = new long[2 * capacity];
        double[][] probabilities = new double[grams.size()][];
        int row = 0;
        for (String gram : grams) {
            long key = key(gram, 0, gram.length());
            int slot = slot(key, capacity - 1);
            while (slots[2 * slot] != 0) {
                slot = (slot + 1) & (capacity - 1);
            }
            slots[2 * slot] = key;
            slots[2 * slot + 1] = row;
            probabilities[row++] = data.getProbabilities(gram);
        }
        return new GramTable(slots, probabilities);
    }

    /** The n-gram {@code s[from, from+length)}, length 1 to 3, as a non-zero long. */
    static long key(CharSequence s, int from, int length) {
        long key = length;
        for (int i = from; i < from + length; i++) {
            key = (key << 16) | s.charAt(i);
        }
        return key;
    }

    /** The row of an n-gram key, or -1 when no profile knows it. */
    int row(long key) {
        int slot = slot(key, mask);
        while (true) {
            long k = slots[2 * slot];
            if (k == key) {
                return (int) slots[2 * slot + 1];
            }
            if (k == 0) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Per-language probabilities of the n-gram in {@code row}, in Optimaize's language order. */
    double[] probabilities(int row) {
        return probabilities[row];
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
