package io.sparkllm.datasets.clean.roots;

import java.util.Arrays;
import java.util.List;

/**
 * Where each of a few substrings occurs in a text, found in one pass per substring, so that
 * "does this word contain one of them" is answered for words in text order without searching each
 * word: a word {@code [from, to)} contains a substring exactly when an occurrence starts in it and
 * ends by {@code to}. Overlapping occurrences are all found.
 */
final class SubstringHits {
    private final int[][] starts;
    private final int[] counts;
    private final int[] lengths;
    /** Per substring, the first occurrence not yet behind the words asked about. */
    private final int[] next;
    /** An empty substring is in every word, as {@code String.contains} has it. */
    private final boolean empty;

    SubstringHits(String text, List<String> substrings) {
        int k = substrings.size();
        starts = new int[k][];
        counts = new int[k];
        lengths = new int[k];
        next = new int[k];
        empty = substrings.stream().anyMatch(String::isEmpty);
        for (int s = 0; s < k; s++) {
            String sub = substrings.get(s);
            lengths[s] = sub.length();
            int[] found = new int[4];
            int count = 0;
            for (int at = sub.isEmpty() ? -1 : text.indexOf(sub); at >= 0; at = text.indexOf(sub, at + 1)) {
                if (count == found.length) {
                    found = Arrays.copyOf(found, count * 2);
                }
                found[count++] = at;
            }
            starts[s] = found;
            counts[s] = count;
        }
    }

    /** Whether a substring lies wholly in {@code [from, to)}; words must be asked about in text order. */
    boolean anyWithin(int from, int to) {
        boolean any = empty;
        for (int s = 0; s < starts.length; s++) {
            int i = next[s];
            int[] at = starts[s];
            while (i < counts[s] && at[i] < from) {
                i++;
            }
            next[s] = i;
            // Occurrences starting in the word are in order; the first that also ends in it decides.
            for (int j = i; j < counts[s] && at[j] < to; j++) {
                if (at[j] + lengths[s] <= to) {
                    any = true;
                    break;
                }
            }
        }
        return any;
    }
}
