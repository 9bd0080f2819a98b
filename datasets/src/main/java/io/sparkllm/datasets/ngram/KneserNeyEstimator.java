package io.sparkllm.datasets.ngram;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimates an interpolated modified Kneser-Ney language model (Chen &amp; Goodman 1998) from n-gram counts, with the
 * conventions of KenLM's {@code lmplz}, and hands it out as an {@link ArpaModel} or an ARPA file.
 *
 * <h2>What to count</h2>
 * Each sentence {@code w1 .. wk} is padded to {@code <s> w1 .. wk </s>}. For every token after {@code <s>} (each word
 * and the {@code </s>}) count the n-gram that ends at it: its last {@code order} tokens, or all tokens from
 * {@code <s>} when the sentence is not that long yet. {@link #ngramsOf} lists exactly these, one per predicted token,
 * and {@link #add} takes their counts; a Spark job does {@code flatMap(ngramsOf) -> reduceByKey(sum) -> collect} and
 * calls {@code add(ngram, count)} on the driver (repeated calls for one n-gram add up, so partial counts may be fed).
 * Only one {@code <s>} pads the start (as in KenLM and SRILM), so n-grams shorter than the order occur only at sentence
 * starts; every other lower-order statistic is derived here from the highest-order counts.
 *
 * <h2>Estimate</h2>
 * <ul>
 *   <li>Adjusted counts {@code a}: the raw count for n-grams of the highest order and for those starting with
 *   {@code <s>} (nothing can precede {@code <s>}); for every other lower-order n-gram its continuation count, the
 *   number of distinct words seen to its left.</li>
 *   <li>Three discounts per order from the count-of-counts {@code n1..n4} of its adjusted counts:
 *   {@code Y = n1/(n1+2 n2)}, {@code D1 = 1-2Y n2/n1}, {@code D2 = 2-3Y n3/n2}, {@code D3+ = 3-4Y n4/n3}. When one of
 *   {@code n1..n4} is zero or a discount falls outside {@code 0 < Dk < k} (small or odd corpora), that order uses
 *   {@link Discounts#FALLBACK} (0.5, 1, 1.5), KenLM's {@code --discount_fallback} defaults, and
 *   {@link Discounts#fallback()} says so.</li>
 *   <li>{@code p(w|h) = (a(hw) - D(a(hw))) / sum_v a(hv) + gamma(h) p(w|h')} with
 *   {@code gamma(h) = (D1 N1(h.) + D2 N2(h.) + D3+ N3+(h.)) / sum_v a(hv)}; the unigrams interpolate with the
 *   uniform distribution over the vocabulary without {@code <s>} (every word seen, {@code </s>} and {@code <unk>}), so
 *   {@code <unk>} gets {@code gamma() / |V|}. A history never followed by anything has {@code gamma = 1}.</li>
 *   <li>As a back-off model: each listed n-gram stores its interpolated probability and each history its
 *   {@code gamma}, which is exactly its backoff weight, so the ARPA model's distributions sum to one.</li>
 *   <li>{@code <s>} is context only: log10 probability -99 as a 1-gram, like KenLM.</li>
 * </ul>
 * If the counts fed are not closed under taking prefixes and suffixes (they are when they come from
 * {@link #ngramsOf}), missing histories are added with adjusted count 0, so they only carry a backoff.
 *
 * <p><b>Memory:</b> all counts live in this object on one machine (the Spark driver): a few hundred bytes of heap per
 * distinct n-gram of every order while estimating, so the distinct n-grams of the corpus must fit that heap; only the
 * counting scales out. Not thread-safe.
 */
public final class KneserNeyEstimator {
    public static final String BOS = ArpaModel.BOS;
    public static final String EOS = ArpaModel.EOS;
    public static final String UNK = ArpaModel.UNK;
    /** Orders accepted: 1 (a Kneser-Ney-discounted unigram model, useful as a baseline) to 6. */
    public static final int MIN_ORDER = 1;
    public static final int MAX_ORDER = 6;
    /** Log10 probability written for {@code <s>} as a predicted word, as KenLM writes it. */
    public static final float BOS_LOG10_PROB = -99f;

    private final int order;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> words = new ArrayList<>();
    private final int bos;
    private final int eos;
    private final int unk;
    /** counts.get(n - 1): what was fed of order n, keyed by word ids (below the highest order: only {@code <s> ...}). */
    private final List<Map<Gram, long[]>> counts = new ArrayList<>();
    private Estimate estimate;

    public KneserNeyEstimator(int order) {
        checkOrder(order);
        this.order = order;
        unk = idOf(UNK);
        bos = idOf(BOS);
        eos = idOf(EOS);
        for (int n = 1; n <= order; n++) {
            counts.add(new HashMap<>());
        }
    }

    public int order() {
        return order;
    }

    /**
     * What to count for one sentence (its words, without {@code <s>} or {@code </s>}): for each word and the final
     * {@code </s>}, the n-gram of the padded sentence {@code <s> words </s>} that ends at it, {@code order} tokens long
     * or starting at {@code <s>}. For {@code [a, b]} and order 3: {@code [<s> a], [<s> a b], [a b </s>]}.
     *
     * @throws IllegalArgumentException for an empty word, a word with whitespace (it could not be written to ARPA), or
     *                                  {@code <s>}/{@code </s>} inside the sentence
     */
    public static List<String[]> ngramsOf(List<String> sentence, int order) {
        checkOrder(order);
        String[] padded = new String[sentence.size() + 2];
        padded[0] = BOS;
        for (int i = 0; i < sentence.size(); i++) {
            String word = sentence.get(i);
            checkWord(word);
            if (word.equals(BOS) || word.equals(EOS)) {
                throw new IllegalArgumentException(word + " inside a sentence; sentences are given without padding");
            }
            padded[i + 1] = word;
        }
        padded[padded.length - 1] = EOS;
        List<String[]> ngrams = new ArrayList<>(padded.length - 1);
        for (int end = 1; end < padded.length; end++) {
            ngrams.add(Arrays.copyOfRange(padded, Math.max(0, end - order + 1), end + 1));
        }
        return ngrams;
    }

    /** Counts one sentence: {@code add(ngram, 1)} for each of {@link #ngramsOf}. */
    public void addSentence(List<String> sentence) {
        for (String[] ngram : ngramsOf(sentence, order)) {
            add(ngram, 1);
        }
    }

    /**
     * Adds {@code count} occurrences of an n-gram as listed by {@link #ngramsOf}: {@code order} tokens long, or shorter
     * and starting with {@code <s>}. {@code <s>} may only come first and {@code </s>} only last.
     */
    public void add(String[] ngram, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative count " + count + " for " + Arrays.toString(ngram));
        }
        if (ngram.length < 1 || ngram.length > order) {
            throw new IllegalArgumentException("n-gram of " + ngram.length + " tokens for an order-" + order
                    + " model: " + Arrays.toString(ngram));
        }
        if (ngram.length < order && !ngram[0].equals(BOS)) {
            throw new IllegalArgumentException("only n-grams starting with <s> may be shorter than the order ("
                    + order + "); lower-order counts are derived: " + Arrays.toString(ngram));
        }
        int[] key = new int[ngram.length];
        for (int i = 0; i < ngram.length; i++) {
            String word = ngram[i];
            checkWord(word);
            if (word.equals(BOS) && i > 0 || word.equals(EOS) && i < ngram.length - 1) {
                throw new IllegalArgumentException(word + " at position " + i + " of " + Arrays.toString(ngram));
            }
            key[i] = idOf(word);
        }
        if (key[key.length - 1] == bos) {
            throw new IllegalArgumentException("<s> is never predicted: " + Arrays.toString(ngram));
        }
        if (count == 0) {
            return;
        }
        counts.get(ngram.length - 1).computeIfAbsent(new Gram(key), g -> new long[1])[0] += count;
        estimate = null;
    }

    /** The model estimated from the counts added so far. */
    public ArpaModel build() {
        Estimate e = estimate();
        long[] sizes = new long[order];
        for (int n = 1; n <= order; n++) {
            sizes[n - 1] = e.grams[n - 1].length;
        }
        ArpaModel.Builder builder = new ArpaModel.Builder(sizes);
        int[] modelId = new int[words.size()];
        for (int[] unigram : e.grams[0]) {
            modelId[unigram[0]] = builder.addWord(words.get(unigram[0]));
        }
        int[] ids = new int[order];
        for (int n = 1; n <= order; n++) {
            int[][] grams = e.grams[n - 1];
            for (int i = 0; i < grams.length; i++) {
                for (int j = 0; j < n; j++) {
                    ids[j] = modelId[grams[i][j]];
                }
                builder.put(ids, n, e.log10Probs[n - 1][i], e.log10Backoffs[n - 1][i]);
            }
        }
        return builder.build(ArpaModel.DEFAULT_UNKNOWN_LOG10_PROB);
    }

    /**
     * Writes the model in ARPA format (n-grams sorted by their words, numbers as the shortest decimal that reads back
     * as the same float, so that {@link ArpaModel#read} of the output scores exactly like {@link #build()}). The writer
     * is flushed, not closed.
     */
    public void writeArpa(Writer out) throws IOException {
        Estimate e = estimate();
        BufferedWriter w = out instanceof BufferedWriter ? (BufferedWriter) out : new BufferedWriter(out, 1 << 16);
        w.write("\\data\\\n");
        for (int n = 1; n <= order; n++) {
            w.write("ngram " + n + "=" + e.grams[n - 1].length + "\n");
        }
        StringBuilder line = new StringBuilder();
        for (int n = 1; n <= order; n++) {
            w.write("\n\\" + n + "-grams:\n");
            int[][] grams = e.grams[n - 1];
            for (int i = 0; i < grams.length; i++) {
                line.setLength(0);
                line.append(format(e.log10Probs[n - 1][i]));
                for (int id : grams[i]) {
                    line.append('\t').append(words.get(id));
                }
                float backoff = e.log10Backoffs[n - 1][i];
                if (n < order && backoff != 0f) {
                    line.append('\t').append(format(backoff));
                }
                w.append(line).append('\n');
            }
        }
        w.write("\n\\end\\\n");
        w.flush();
    }

    /** The discounts of order {@code n} (1..order) that the estimate uses. */
    public Discounts discounts(int n) {
        if (n < 1 || n > order) {
            throw new IllegalArgumentException("order " + n + " outside 1.." + order);
        }
        return estimate().discounts[n - 1];
    }

    /** Number of n-grams of order {@code n} in the estimated model. */
    public long ngramCount(int n) {
        if (n < 1 || n > order) {
            throw new IllegalArgumentException("order " + n + " outside 1.." + order);
        }
        return estimate().grams[n - 1].length;
    }

    /**
     * Modified Kneser-Ney discounts of one order: what is taken from n-grams seen once, twice, and three times or more.
     *
     * @param fallback true when the count-of-counts could not give valid discounts and {@link #FALLBACK} is used
     */
    public record Discounts(double d1, double d2, double d3Plus, boolean fallback) {
        /** KenLM's {@code --discount_fallback} defaults. */
        public static final Discounts FALLBACK = new Discounts(0.5, 1.0, 1.5, true);

        /** Chen and Goodman's estimates from the count-of-counts, or {@link #FALLBACK} when they are unusable. */
        public static Discounts fromCountOfCounts(long n1, long n2, long n3, long n4) {
            if (n1 <= 0 || n2 <= 0 || n3 <= 0 || n4 <= 0) {
                return FALLBACK;
            }
            double y = (double) n1 / (n1 + 2.0 * n2);
            double d1 = 1 - 2 * y * n2 / n1;
            double d2 = 2 - 3 * y * n3 / n2;
            double d3 = 3 - 4 * y * n4 / n3;
            if (!(d1 > 0 && d1 < 1 && d2 > 0 && d2 < 2 && d3 > 0 && d3 < 3)) {
                return FALLBACK;
            }
            return new Discounts(d1, d2, d3, false);
        }

        /** The discount for an adjusted count (0 for 0). */
        public double of(long count) {
            return count <= 0 ? 0 : count == 1 ? d1 : count == 2 ? d2 : d3Plus;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Estimate estimate() {
        if (estimate == null) {
            estimate = computeEstimate();
        }
        return estimate;
    }

    /** One n-gram's statistics during estimation. */
    private static final class Node {
        long count; // adjusted count
        long childTotal; // sum of the adjusted counts of the n-grams this one is the history of
        long children1;
        long children2;
        long children3Plus;
        double prob;
        double gamma = 1; // the interpolation (backoff) weight as a history
    }

    private Estimate computeEstimate() {
        // levels.get(n - 1): every n-gram of order n with its node; built from the top order down.
        List<Map<Gram, Node>> levels = new ArrayList<>();
        for (int n = 1; n <= order; n++) {
            levels.add(null);
        }
        levels.set(order - 1, withCounts(counts.get(order - 1)));
        for (int n = order - 1; n >= 1; n--) {
            Map<Gram, Node> level = withCounts(counts.get(n - 1)); // n-grams starting with <s>: raw counts
            for (Map.Entry<Gram, Node> e : levels.get(n).entrySet()) {
                Gram longer = e.getKey();
                Node suffix = level.computeIfAbsent(longer.suffix(), g -> new Node());
                if (e.getValue().count > 0 && longer.ids[1] != bos) {
                    suffix.count++; // one more distinct left extension
                }
                level.computeIfAbsent(longer.prefix(), g -> new Node()); // every history gets a backoff slot
            }
            levels.set(n - 1, level);
        }
        Map<Gram, Node> unigrams = levels.get(0);
        for (int id = 0; id < words.size(); id++) {
            unigrams.computeIfAbsent(new Gram(new int[] {id}), g -> new Node());
        }

        Discounts[] discounts = new Discounts[order];
        for (int n = 1; n <= order; n++) {
            long[] countOfCounts = new long[5];
            for (Node node : levels.get(n - 1).values()) {
                if (node.count >= 1 && node.count <= 4) {
                    countOfCounts[(int) node.count]++;
                }
            }
            discounts[n - 1] = Discounts.fromCountOfCounts(countOfCounts[1], countOfCounts[2], countOfCounts[3],
                    countOfCounts[4]);
        }

        // History statistics: the empty history for the unigrams, the (n-1)-gram nodes for order n.
        Node root = new Node();
        for (int n = 1; n <= order; n++) {
            Map<Gram, Node> histories = n == 1 ? null : levels.get(n - 2);
            for (Map.Entry<Gram, Node> e : levels.get(n - 1).entrySet()) {
                long a = e.getValue().count;
                if (a <= 0) {
                    continue;
                }
                Node history = n == 1 ? root : histories.get(e.getKey().prefix());
                history.childTotal += a;
                if (a == 1) {
                    history.children1++;
                } else if (a == 2) {
                    history.children2++;
                } else {
                    history.children3Plus++;
                }
            }
            Discounts d = discounts[n - 1];
            for (Node history : n == 1 ? List.of(root) : histories.values()) {
                if (history.childTotal > 0) {
                    history.gamma = (d.d1() * history.children1 + d.d2() * history.children2
                            + d.d3Plus() * history.children3Plus) / history.childTotal;
                }
            }
        }

        // Interpolated probabilities, lowest order first.
        long predictable = unigrams.size() - 1; // the vocabulary without <s>
        for (int n = 1; n <= order; n++) {
            Discounts d = discounts[n - 1];
            Map<Gram, Node> lower = n == 1 ? null : levels.get(n - 2);
            for (Map.Entry<Gram, Node> e : levels.get(n - 1).entrySet()) {
                Gram gram = e.getKey();
                Node node = e.getValue();
                Node history = n == 1 ? root : lower.get(gram.prefix());
                double lowerProb = n == 1 ? 1.0 / predictable : lower.get(gram.suffix()).prob;
                double discounted = history.childTotal > 0
                        ? Math.max(0, node.count - d.of(node.count)) / history.childTotal : 0;
                node.prob = discounted + history.gamma * lowerProb;
            }
        }

        Estimate result = new Estimate(order, discounts);
        Comparator<Gram> byWords = (x, y) -> {
            for (int i = 0; i < x.ids.length; i++) {
                int c = words.get(x.ids[i]).compareTo(words.get(y.ids[i]));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
        for (int n = 1; n <= order; n++) {
            Map<Gram, Node> level = levels.get(n - 1);
            Gram[] grams = level.keySet().toArray(new Gram[0]);
            Arrays.sort(grams, byWords);
            int[][] ids = new int[grams.length][];
            float[] probs = new float[grams.length];
            float[] backoffs = new float[grams.length];
            for (int i = 0; i < grams.length; i++) {
                Node node = level.get(grams[i]);
                ids[i] = grams[i].ids;
                boolean isBos = n == 1 && grams[i].ids[0] == bos;
                probs[i] = isBos ? BOS_LOG10_PROB : (float) Math.log10(node.prob);
                backoffs[i] = n < order ? (float) Math.log10(node.gamma) : 0f;
            }
            result.grams[n - 1] = ids;
            result.log10Probs[n - 1] = probs;
            result.log10Backoffs[n - 1] = backoffs;
        }
        return result;
    }

    private static Map<Gram, Node> withCounts(Map<Gram, long[]> fed) {
        Map<Gram, Node> level = new HashMap<>(Math.max(16, fed.size() * 2));
        for (Map.Entry<Gram, long[]> e : fed.entrySet()) {
            Node node = new Node();
            node.count = e.getValue()[0];
            level.put(e.getKey(), node);
        }
        return level;
    }

    /** The estimated model, n-grams sorted by their words, as the ARPA writer and {@link #build()} need it. */
    private static final class Estimate {
        final int[][][] grams;
        final float[][] log10Probs;
        final float[][] log10Backoffs;
        final Discounts[] discounts;

        Estimate(int order, Discounts[] discounts) {
            grams = new int[order][][];
            log10Probs = new float[order][];
            log10Backoffs = new float[order][];
            this.discounts = discounts;
        }
    }

    /** An n-gram as word ids; value semantics for hash maps. */
    private static final class Gram {
        final int[] ids;
        private final int hash;

        Gram(int[] ids) {
            this.ids = ids;
            this.hash = Arrays.hashCode(ids);
        }

        Gram prefix() {
            return new Gram(Arrays.copyOf(ids, ids.length - 1));
        }

        Gram suffix() {
            return new Gram(Arrays.copyOfRange(ids, 1, ids.length));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Gram && Arrays.equals(ids, ((Gram) o).ids);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private int idOf(String word) {
        Integer id = ids.get(word);
        if (id == null) {
            id = words.size();
            ids.put(word, id);
            words.add(word);
        }
        return id;
    }

    private static void checkOrder(int order) {
        if (order < MIN_ORDER || order > MAX_ORDER) {
            throw new IllegalArgumentException("order " + order + " outside " + MIN_ORDER + ".." + MAX_ORDER);
        }
    }

    private static void checkWord(String word) {
        if (word == null || word.isEmpty()) {
            throw new IllegalArgumentException("empty word");
        }
        for (int i = 0; i < word.length(); i++) {
            if (Character.isWhitespace(word.charAt(i))) {
                throw new IllegalArgumentException("word with whitespace: '" + word + "'");
            }
        }
    }

    /** The shortest decimal that reads back as {@code value}, without exponent (ARPA readers expect plain numbers). */
    static String format(float value) {
        if (Float.isInfinite(value)) {
            return value < 0 ? "-inf" : "inf";
        }
        String s = Float.toString(value);
        if (s.indexOf('E') >= 0) {
            s = new BigDecimal(s).toPlainString();
        } else if (s.endsWith(".0")) {
            s = s.substring(0, s.length() - 2);
        }
        return s;
    }
}
