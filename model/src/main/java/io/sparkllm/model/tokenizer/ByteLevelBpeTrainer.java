package io.sparkllm.model.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * Learns byte-level BPE merges (GPT-2 style) from counted pre-token words, as Hugging Face's
 * trainer does: the vocabulary starts with the special tokens and the 256 byte characters (in
 * character order); then the most frequent adjacent pair is merged, ties going to the smaller
 * pair of ids, until the vocabulary is full or the best pair is rarer than the minimum frequency.
 * Pair counts are kept up to date incrementally: a merge touches only the words that hold the
 * pair, and a priority queue with lazy re-checks finds the next best pair.
 */
public final class ByteLevelBpeTrainer {
    private final int vocabSize;
    private final long minFrequency;
    private final List<String> specialTokens;

    public ByteLevelBpeTrainer(int vocabSize, long minFrequency, List<String> specialTokens) {
        this.vocabSize = vocabSize;
        this.minFrequency = Math.max(1, minFrequency);
        this.specialTokens = List.copyOf(specialTokens);
        if (vocabSize < 256 + specialTokens.size()) {
            throw new IllegalArgumentException("vocab size " + vocabSize + " is below the 256 bytes and "
                    + specialTokens.size() + " special tokens");
        }
    }

    /** A trained tokenizer for words (GPT-2 pre-tokens) and how often each occurs. */
    public Tokenizer train(Map<String, Long> wordCounts) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        List<String> tokens = new ArrayList<>();
        for (String special : specialTokens) {
            ids.put(special, tokens.size());
            tokens.add(special);
        }
        TreeSet<Character> alphabet = new TreeSet<>();
        for (int b = 0; b < 256; b++) {
            alphabet.add(ByteLevelAlphabet.charOf(b));
        }
        for (char c : alphabet) {
            ids.putIfAbsent(String.valueOf(c), tokens.size());
            tokens.add(String.valueOf(c));
        }
        int[] byteIds = new int[256];
        for (int b = 0; b < 256; b++) {
            byteIds[b] = ids.get(String.valueOf(ByteLevelAlphabet.charOf(b)));
        }

        int n = wordCounts.size();
        int[][] words = new int[n][];
        long[] counts = new long[n];
        int w = 0;
        for (Map.Entry<String, Long> e : wordCounts.entrySet()) {
            IntList symbols = new IntList(e.getKey().length() * 2);
            Utf8.encode(e.getKey(), 0, e.getKey().length(), b -> symbols.add(byteIds[b]));
            words[w] = symbols.toArray();
            counts[w++] = e.getValue();
        }

        Map<Long, long[]> pairCounts = new HashMap<>();
        Map<Long, Set<Integer>> where = new HashMap<>();
        for (int i = 0; i < n; i++) {
            addPairs(words[i], counts[i], i, pairCounts, where);
        }
        // Max count first; on equal counts the smaller (left, right) pair first.
        PriorityQueue<long[]> queue = new PriorityQueue<>((x, y) -> x[0] != y[0] ? Long.compare(y[0], x[0])
                : Long.compare(x[1], y[1]));
        pairCounts.forEach((pair, count) -> queue.add(new long[] {count[0], pair}));

        PairMergeTable merges = new PairMergeTable(vocabSize);
        int rank = 0;
        while (tokens.size() < vocabSize && !queue.isEmpty()) {
            long[] top = queue.poll();
            long pair = top[1];
            long[] current = pairCounts.get(pair);
            long count = current == null ? 0 : current[0];
            if (count != top[0]) {
                if (count > 0) {
                    queue.add(new long[] {count, pair});
                }
                continue;
            }
            if (count < minFrequency) {
                break;
            }
            int left = (int) (pair >>> 32);
            int right = (int) pair;
            String merged = tokens.get(left) + tokens.get(right);
            Integer existing = ids.get(merged);
            int mergedId;
            if (existing != null) {
                mergedId = existing;
            } else {
                mergedId = tokens.size();
                ids.put(merged, mergedId);
                tokens.add(merged);
            }
            merges.put(left, right, rank++, mergedId);

            Set<Long> changed = new HashSet<>();
            for (int i : new ArrayList<>(where.getOrDefault(pair, Set.of()))) {
                int[] before = words[i];
                int[] after = mergePair(before, left, right, mergedId);
                if (after.length == before.length) {
                    continue;
                }
                removePairs(before, counts[i], pairCounts, changed);
                addPairs(after, counts[i], i, pairCounts, where);
                collectPairs(after, changed);
                words[i] = after;
            }
            for (long p : changed) {
                long[] c = pairCounts.get(p);
                if (c != null && c[0] > 0) {
                    queue.add(new long[] {c[0], p});
                }
            }
        }
        List<AddedTokens.Token> added = new ArrayList<>();
        for (String special : specialTokens) {
            added.add(new AddedTokens.Token(ids.get(special), special, true, false));
        }
        return new ByteLevelBpeTokenizer(new Vocabulary(ids), merges, new AddedTokens(added), false,
                HuggingFaceComponents.gpt2());
    }

    private static long pairKey(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }

    /** The word with every occurrence of (left, right), leftmost first and not overlapping, merged. */
    static int[] mergePair(int[] word, int left, int right, int merged) {
        IntList out = new IntList(word.length);
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == left && word[i + 1] == right) {
                out.add(merged);
                i++;
            } else {
                out.add(word[i]);
            }
        }
        return out.size() == word.length ? word : out.toArray();
    }

    private static void addPairs(int[] word, long count, int index, Map<Long, long[]> pairCounts,
                                 Map<Long, Set<Integer>> where) {
        for (int i = 0; i + 1 < word.length; i++) {
            long key = pairKey(word[i], word[i + 1]);
            pairCounts.computeIfAbsent(key, k -> new long[1])[0] += count;
            where.computeIfAbsent(key, k -> new HashSet<>()).add(index);
        }
    }

    private static void removePairs(int[] word, long count, Map<Long, long[]> pairCounts, Set<Long> changed) {
        for (int i = 0; i + 1 < word.length; i++) {
            long key = pairKey(word[i], word[i + 1]);
            long[] c = pairCounts.get(key);
            c[0] -= count;
            changed.add(key);
            // The word stays listed under the pair: a stale entry costs one failed merge attempt
            // later, far less than removing and re-adding it under every pair the word keeps.
        }
    }

    private static void collectPairs(int[] word, Set<Long> changed) {
        for (int i = 0; i + 1 < word.length; i++) {
            changed.add(pairKey(word[i], word[i + 1]));
        }
    }
}
