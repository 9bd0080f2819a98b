package io.sparkllm.datasets.dedup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A near-duplicate benchmark built from real documents: some documents get clusters of copies,
 * each edited (word insertions, deletions, swaps, boilerplate in front) as far as its word-5-gram
 * Jaccard similarity to the original stays at or above a target drawn from [minJaccard, 1]; the
 * others stay single. The truth is the cluster of every document, so precision, recall and F1 of duplicate
 * pairs can be measured against any clustering.
 */
public final class NearDuplicateBenchmark {
    private static final List<String> BOILERPLATE = List.of(
            "Home | About | Contact | Login",
            "Skip to content. Menu. Search this site.",
            "This page uses cookies to give you the best experience.");

    /** One generated document: its id, text, truth cluster, and Jaccard similarity to its cluster's original. */
    public record Doc(String id, String text, String cluster, double jaccard) {
    }

    private final Shingles shingles = new Shingles(Shingles.Unit.WORD, 5);
    private final Random random;

    public NearDuplicateBenchmark(long seed) {
        this.random = new Random(seed);
    }

    /**
     * @param originals     real documents (at least 30 words each are used)
     * @param clusterShare  the share of originals that get copies
     * @param copies        copies per clustered original
     * @param minJaccard    the lowest target similarity of a copy to its original
     */
    public List<Doc> generate(List<String> originals, double clusterShare, int copies, double minJaccard) {
        List<Doc> docs = new ArrayList<>();
        int n = 0;
        for (String text : originals) {
            String[] words = text.trim().split("\\s+");
            if (words.length < 30) {
                continue;
            }
            String cluster = "o" + n++;
            docs.add(new Doc(cluster, text, cluster, 1.0));
            if (random.nextDouble() >= clusterShare) {
                continue;
            }
            long[] base = shingles.of(text);
            for (int c = 0; c < copies; c++) {
                double target = minJaccard + random.nextDouble() * (1 - minJaccard);
                String copy = editedTo(words, base, target);
                docs.add(new Doc(cluster + "-c" + c, copy, cluster, Shingles.jaccard(shingles.of(copy), base)));
            }
        }
        return docs;
    }

    /**
     * Draws a sequence of random edits, then keeps the longest prefix of it whose result is still at
     * or above the target similarity (found by binary search: similarity falls as edits add up).
     */
    private String editedTo(String[] words, long[] base, double target) {
        String prefix = random.nextInt(4) == 0 ? BOILERPLATE.get(random.nextInt(BOILERPLATE.size())) + " " : "";
        if (Shingles.jaccard(shingles.of(prefix + String.join(" ", words)), base) < target) {
            prefix = ""; // a short document can't take the boilerplate and stay above the target
        }
        int[][] edits = new int[words.length][];
        for (int i = 0; i < edits.length; i++) {
            edits[i] = new int[] {random.nextInt(3), random.nextInt(1 << 30), random.nextInt(1 << 30),
                    random.nextInt(words.length)};
        }
        int low = 0;
        int high = edits.length;
        while (low < high) {
            int mid = (low + high + 1) / 2;
            if (Shingles.jaccard(shingles.of(prefix + apply(words, edits, mid)), base) >= target) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return prefix + apply(words, edits, low);
    }

    private static String apply(String[] words, int[][] edits, int count) {
        List<String> copy = new ArrayList<>(Arrays.asList(words));
        for (int e = 0; e < count && copy.size() > 1; e++) {
            int[] edit = edits[e];
            int at = edit[1] % copy.size();
            switch (edit[0]) {
                case 0 -> copy.remove(at);
                case 1 -> copy.add(at, words[edit[3]]);
                default -> {
                    int other = edit[2] % copy.size();
                    String w = copy.get(at);
                    copy.set(at, copy.get(other));
                    copy.set(other, w);
                }
            }
        }
        return String.join(" ", copy);
    }

    /** Precision, recall and F1 of duplicate pairs. */
    public record Score(long truePairs, long predictedPairs, long correctPairs) {
        public double precision() {
            return predictedPairs == 0 ? 1.0 : (double) correctPairs / predictedPairs;
        }

        public double recall() {
            return truePairs == 0 ? 1.0 : (double) correctPairs / truePairs;
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    /** Scores a predicted clustering (id to cluster) against the truth (id to cluster), over all pairs. */
    public static Score score(Map<String, String> truth, Map<String, String> predicted) {
        Map<String, List<String>> trueGroups = groups(truth);
        Map<String, List<String>> predictedGroups = groups(predicted);
        long truePairs = trueGroups.values().stream().mapToLong(g -> pairs(g.size())).sum();
        long predictedPairs = predictedGroups.values().stream().mapToLong(g -> pairs(g.size())).sum();
        long correct = 0;
        for (List<String> group : predictedGroups.values()) {
            Map<String, Integer> byTruth = new HashMap<>();
            for (String id : group) {
                byTruth.merge(truth.get(id), 1, Integer::sum);
            }
            for (int count : byTruth.values()) {
                correct += pairs(count);
            }
        }
        return new Score(truePairs, predictedPairs, correct);
    }

    private static Map<String, List<String>> groups(Map<String, String> assignment) {
        Map<String, List<String>> groups = new HashMap<>();
        assignment.forEach((id, cluster) -> groups.computeIfAbsent(cluster, k -> new ArrayList<>()).add(id));
        return groups;
    }

    private static long pairs(long n) {
        return n * (n - 1) / 2;
    }

    /** The ids of a generated set, for checks. */
    public static Set<String> ids(List<Doc> docs) {
        Set<String> ids = new HashSet<>();
        docs.forEach(d -> ids.add(d.id()));
        return ids;
    }
}
