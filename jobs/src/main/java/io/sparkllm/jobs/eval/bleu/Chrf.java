package io.sparkllm.jobs.eval.bleu;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * chrF (Popović 2015) and chrF++ (Popović 2017) as sacreBLEU 2.x computes them: character n-grams up to
 * {@code charOrder} (6) over the segment with all whitespace removed (or kept, with {@code whitespace}),
 * word n-grams up to {@code wordOrder} (0; chrF++ uses 2) after splitting punctuation off word ends, and
 * an F-beta (beta 2) of precision and recall averaged over orders.
 *
 * <p>Two ways to treat orders with nothing to compare, as in sacreBLEU: by default precision and recall
 * are averaged over the orders where both hypothesis and reference have n-grams (its "effective order",
 * signature {@code eff:yes}); {@code epsSmoothing} instead scores each order with 1e-16 for what is
 * undefined and averages F over all orders (chrF++.py, Moses and NLTK; {@code eff:no}). With several
 * references each segment uses the reference that gives it the best F.
 */
public final class Chrf implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final double EPSILON = 1e-16;
    private static final Set<Character> ASCII_PUNCTUATION = Set.of('!', '"', '#', '$', '%', '&', '\'', '(', ')',
            '*', '+', ',', '-', '.', '/', ':', ';', '<', '=', '>', '?', '@', '[', '\\', ']', '^', '_', '`', '{', '|',
            '}', '~');

    private final Settings settings;

    public Chrf(Settings settings) {
        this.settings = settings;
    }

    /** chrF2: character order 6, no word n-grams, beta 2, case-sensitive, whitespace removed, effective order. */
    public Chrf() {
        this(Settings.CHRF);
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The settings of a chrF computation.
     *
     * @param whitespace   keep whitespace inside character n-grams (sacreBLEU's {@code --chrf-whitespace})
     * @param epsSmoothing score undefined orders with epsilon instead of leaving them out
     */
    public record Settings(int charOrder, int wordOrder, int beta, boolean lowercase, boolean whitespace,
                           boolean epsSmoothing) implements Serializable {
        public static final Settings CHRF = new Settings(6, 0, 2, false, false, false);
        public static final Settings CHRF_PLUS_PLUS = new Settings(6, 2, 2, false, false, false);

        public Settings {
            if (charOrder < 0 || wordOrder < 0 || charOrder + wordOrder == 0) {
                throw new IllegalArgumentException("chrF needs a positive character or word order (got "
                        + charOrder + " and " + wordOrder + ")");
            }
            if (beta < 0) {
                throw new IllegalArgumentException("beta must be 0 or more, not " + beta);
            }
        }

        public int orders() {
            return charOrder + wordOrder;
        }

        public Settings withWordOrder(int order) {
            return new Settings(charOrder, order, beta, lowercase, whitespace, epsSmoothing);
        }

        public Settings withCharOrder(int order) {
            return new Settings(order, wordOrder, beta, lowercase, whitespace, epsSmoothing);
        }

        public Settings withBeta(int value) {
            return new Settings(charOrder, wordOrder, value, lowercase, whitespace, epsSmoothing);
        }

        public Settings withLowercase(boolean value) {
            return new Settings(charOrder, wordOrder, beta, value, whitespace, epsSmoothing);
        }

        public Settings withWhitespace(boolean value) {
            return new Settings(charOrder, wordOrder, beta, lowercase, value, epsSmoothing);
        }

        public Settings withEpsSmoothing(boolean value) {
            return new Settings(charOrder, wordOrder, beta, lowercase, whitespace, value);
        }
    }

    /** Character n-grams, then word n-grams, of one (lowercased if set) segment. */
    NgramCounts ngrams(String segment) {
        String text = settings.lowercase() ? PythonText.lower(segment) : segment;
        String chars = settings.whitespace() ? text : String.join("", PythonText.split(text));
        NgramCounts counts = NgramCounts.ofChars(PythonText.codePoints(chars), settings.charOrder());
        if (settings.wordOrder() > 0) {
            counts.append(NgramCounts.ofWords(splitPunctuation(text), settings.wordOrder()));
        }
        return counts;
    }

    /**
     * chrF++'s words: whitespace-separated, with one ASCII punctuation character split off the end of a word,
     * or else off its start. Like sacreBLEU (and the chrF++ script it follows), "(hi)" gives "(hi" and ")".
     */
    static List<String> splitPunctuation(String text) {
        List<String> words = new ArrayList<>();
        for (String word : PythonText.split(text)) {
            int[] cps = PythonText.codePoints(word);
            if (cps.length == 1) {
                words.add(word);
            } else if (isAsciiPunctuation(cps[cps.length - 1])) {
                words.add(new String(cps, 0, cps.length - 1));
                words.add(new String(cps, cps.length - 1, 1));
            } else if (isAsciiPunctuation(cps[0])) {
                words.add(new String(cps, 0, 1));
                words.add(new String(cps, 1, cps.length - 1));
            } else {
                words.add(word);
            }
        }
        return words;
    }

    private static boolean isAsciiPunctuation(int codePoint) {
        return codePoint < 128 && ASCII_PUNCTUATION.contains((char) codePoint);
    }

    /** One segment's statistics: against the reference that gives the best F (the first of equals). */
    public ChrfStatistics statistics(String hypothesis, List<String> references) {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("a segment needs at least one reference");
        }
        NgramCounts hyp = ngrams(hypothesis);
        ChrfStatistics best = null;
        double bestF = -1.0;
        for (String reference : references) {
            ChrfStatistics stats = match(hyp, ngrams(reference));
            double f = fScore(stats);
            if (f > bestF) {
                bestF = f;
                best = stats;
            }
        }
        return best;
    }

    private ChrfStatistics match(NgramCounts hyp, NgramCounts ref) {
        int orders = settings.orders();
        long[] counts = new long[3 * orders];
        for (int n = 1; n <= orders; n++) {
            long refTotal = ref.total(n);
            // An order the reference has no n-grams of counts no hypothesis n-grams either, as in sacreBLEU.
            counts[3 * (n - 1)] = ref.order(n).isEmpty() ? 0 : hyp.total(n);
            counts[3 * (n - 1) + 1] = refTotal;
            counts[3 * (n - 1) + 2] = hyp.clippedMatches(n, ref);
        }
        return new ChrfStatistics(counts);
    }

    /** F-beta on sacreBLEU's 0-100 scale from summed statistics, in sacreBLEU's arithmetic order. */
    public double fScore(ChrfStatistics statistics) {
        int orders = settings.orders();
        int factor = settings.beta() * settings.beta();
        double score = 0.0;
        double averagePrecision = 0.0;
        double averageRecall = 0.0;
        int effectiveOrder = 0;
        for (int i = 0; i < orders; i++) {
            long hypNgrams = statistics.hypothesisNgrams(i);
            long refNgrams = statistics.referenceNgrams(i);
            long matches = statistics.matches(i);
            double precision = hypNgrams > 0 ? (double) matches / hypNgrams : EPSILON;
            double recall = refNgrams > 0 ? (double) matches / refNgrams : EPSILON;
            double denominator = factor * precision + recall;
            score += denominator > 0 ? (1 + factor) * precision * recall / denominator : EPSILON;
            if (hypNgrams > 0 && refNgrams > 0) {
                averagePrecision += precision;
                averageRecall += recall;
                effectiveOrder++;
            }
        }
        if (settings.epsSmoothing()) {
            return 100 * score / orders;
        }
        if (effectiveOrder == 0) {
            averagePrecision = 0.0;
            averageRecall = 0.0;
        } else {
            averagePrecision /= effectiveOrder;
            averageRecall /= effectiveOrder;
        }
        if (averagePrecision + averageRecall == 0) {
            return 0.0;
        }
        double f = (1 + factor) * averagePrecision * averageRecall;
        f /= factor * averagePrecision + averageRecall;
        return 100 * f;
    }

    /** Corpus chrF: statistics summed over segments, then one F. Streams as in {@link Bleu#corpusScore}. */
    public ChrfScore corpusScore(List<String> hypotheses, List<List<String>> referenceStreams) {
        List<List<String>> bySegment = References.bySegment(hypotheses.size(), referenceStreams);
        ChrfStatistics total = ChrfStatistics.zero(settings.orders());
        for (int i = 0; i < hypotheses.size(); i++) {
            total = total.plus(statistics(hypotheses.get(i), bySegment.get(i)));
        }
        return score(total, Signature.referenceCount(bySegment));
    }

    public ChrfScore sentenceScore(String hypothesis, List<String> references) {
        return score(statistics(hypothesis, references), String.valueOf(references.size()));
    }

    public ChrfScore score(ChrfStatistics statistics, String nrefs) {
        return new ChrfScore(fScore(statistics), settings.beta(), settings.charOrder(), settings.wordOrder(),
                statistics, signature(nrefs));
    }

    /** {@code nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:...}, sacreBLEU's chrF signature. */
    public Signature signature(String nrefs) {
        return Signature.builder(nrefs)
                .put("case", settings.lowercase() ? "lc" : "mixed")
                .put("eff", settings.epsSmoothing() ? "no" : "yes")
                .put("nc", String.valueOf(settings.charOrder()))
                .put("nw", String.valueOf(settings.wordOrder()))
                .put("space", settings.whitespace() ? "yes" : "no")
                .build();
    }
}
