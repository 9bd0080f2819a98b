package io.sparkllm.datasets.dedup;

import io.sparkllm.datasets.text.Hash64;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The word n-grams of evaluation sets (normalised as {@link Shingles#normalize}), to find
 * training documents that contain benchmark text. A text shorter than n words counts as one
 * n-gram of its whole length, so short items (a Multi30K sentence) can still match. Small by
 * nature: built on the driver and broadcast.
 */
public final class EvalNgrams implements Serializable {
    /**
     * One hit: the benchmark and the n-gram (as words) found in a document. A class, not a record:
     * this travels in a Spark broadcast, and Spark's Kryo 4 can't build records.
     */
    public static final class Hit implements Serializable {
        private final String benchmark;
        private final String ngram;

        public Hit(String benchmark, String ngram) {
            this.benchmark = benchmark;
            this.ngram = ngram;
        }

        public String benchmark() {
            return benchmark;
        }

        public String ngram() {
            return ngram;
        }
    }

    private final int n;
    private final Map<Long, Hit> ngrams = new HashMap<>();
    /** Lengths below n that eval items have, so documents are checked for those too. */
    private final java.util.TreeSet<Integer> shortLengths = new java.util.TreeSet<>();

    public EvalNgrams(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        this.n = n;
    }

    public void add(String benchmark, String text) {
        String[] words = words(text);
        if (words.length == 0) {
            return;
        }
        int len = Math.min(n, words.length);
        if (len < n) {
            shortLengths.add(len);
        }
        for (int i = 0; i + len <= words.length; i++) {
            ngrams.putIfAbsent(hash(words, i, len), new Hit(benchmark, String.join(" ", List.of(words).subList(i, i + len))));
        }
    }

    public int size() {
        return ngrams.size();
    }

    /** Every distinct eval n-gram the text contains, in order of first appearance. */
    public List<Hit> find(String text) {
        String[] words = words(text);
        List<Hit> hits = new ArrayList<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        List<Integer> lengths = new ArrayList<>(shortLengths);
        lengths.add(n);
        for (int len : lengths) {
            for (int i = 0; i + len <= words.length; i++) {
                long h = hash(words, i, len);
                Hit hit = ngrams.get(h);
                if (hit != null && seen.add(h)) {
                    hits.add(hit);
                }
            }
        }
        return hits;
    }

    private static String[] words(String text) {
        String normalized = Shingles.normalize(text);
        return normalized.isEmpty() ? new String[0] : normalized.split(" ");
    }

    private static long hash(String[] words, int from, int len) {
        long h = 0x9E3779B97F4A7C15L ^ len;
        for (int i = from; i < from + len; i++) {
            h = Hash64.mix(h ^ Hash64.of(words[i])) * 0x100000001B3L;
        }
        return Hash64.mix(h);
    }
}
