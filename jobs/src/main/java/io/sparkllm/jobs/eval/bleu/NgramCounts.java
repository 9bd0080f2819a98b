package io.sparkllm.jobs.eval.bleu;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** How often each n-gram of each order 1..maxOrder occurs in one segment. */
final class NgramCounts implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<Map<String, Integer>> byOrder;

    private NgramCounts(int maxOrder) {
        byOrder = new ArrayList<>(maxOrder);
        for (int n = 0; n < maxOrder; n++) {
            byOrder.add(new HashMap<>());
        }
    }

    /**
     * Word n-grams, keyed by their words joined with one space: words never hold whitespace, so keys of
     * one order can't collide.
     */
    static NgramCounts ofWords(List<String> words, int maxOrder) {
        NgramCounts counts = new NgramCounts(maxOrder);
        for (int n = 1; n <= maxOrder; n++) {
            Map<String, Integer> order = counts.byOrder.get(n - 1);
            for (int i = 0; i + n <= words.size(); i++) {
                String key = n == 1 ? words.get(i) : String.join(" ", words.subList(i, i + n));
                order.merge(key, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Character n-grams over code points (Python's characters), keyed by the substring. */
    static NgramCounts ofChars(int[] codePoints, int maxOrder) {
        NgramCounts counts = new NgramCounts(maxOrder);
        for (int n = 1; n <= maxOrder; n++) {
            Map<String, Integer> order = counts.byOrder.get(n - 1);
            for (int i = 0; i + n <= codePoints.length; i++) {
                order.merge(new String(codePoints, i, n), 1, Integer::sum);
            }
        }
        return counts;
    }

    int maxOrder() {
        return byOrder.size();
    }

    /** The n-grams of order {@code n} (1-based) with their counts. */
    Map<String, Integer> order(int n) {
        return byOrder.get(n - 1);
    }

    /** How many n-grams of order {@code n} there are, repeats included. */
    long total(int n) {
        long total = 0;
        for (int count : order(n).values()) {
            total += count;
        }
        return total;
    }

    /** How many n-grams of order {@code n} occur in both, each counted at most as often as {@code other} has it. */
    long clippedMatches(int n, NgramCounts other) {
        Map<String, Integer> theirs = other.order(n);
        long matches = 0;
        for (Map.Entry<String, Integer> e : order(n).entrySet()) {
            Integer limit = theirs.get(e.getKey());
            if (limit != null) {
                matches += Math.min(e.getValue(), limit);
            }
        }
        return matches;
    }

    /** Raises each count to {@code other}'s where that is higher: the clip limit over several references. */
    void keepMaxima(NgramCounts other) {
        for (int n = 1; n <= maxOrder(); n++) {
            Map<String, Integer> mine = order(n);
            other.order(n).forEach((ngram, count) -> mine.merge(ngram, count, Math::max));
        }
    }

    /** Appends {@code other}'s orders after this one's (chrF++: word n-grams after character n-grams). */
    void append(NgramCounts other) {
        byOrder.addAll(other.byOrder);
    }
}
