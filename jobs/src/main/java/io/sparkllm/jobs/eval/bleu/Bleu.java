package io.sparkllm.jobs.eval.bleu;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * BLEU (Papineni et al. 2002) computed as sacreBLEU 2.x computes it: each segment lowercased if asked,
 * right-stripped and tokenized; n-grams up to {@code maxNgramOrder} (4) clipped by the most any one
 * reference holds; the reference length closest to the hypothesis length (the shorter on a tie) for the
 * brevity penalty; one of sacreBLEU's smoothing methods; optionally the effective order, which leaves out
 * the orders the hypotheses are too short to have (meant for sentence BLEU).
 *
 * <p>Floating-point steps are done in sacreBLEU's order, so scores agree with it to the last bit or two
 * (sacreBLEU's own results differ at that level between Python versions, whose {@code sum()} changed).
 */
public final class Bleu implements Serializable {
    private static final long serialVersionUID = 1L;

    /** sacreBLEU's stand-in for log(0): a zero precision drives the score to 0 without a NaN. */
    private static final double LOG_OF_ZERO = -9999999999.0;

    private final Settings settings;
    private final BleuTokenizer tokenizer;

    public Bleu(Settings settings) {
        this.settings = settings;
        this.tokenizer = BleuTokenizer.named(settings.tokenize());
    }

    /** sacreBLEU's defaults: 13a, case-sensitive, exp smoothing, order 4, no effective order. */
    public Bleu() {
        this(Settings.DEFAULTS);
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The settings of a BLEU computation.
     *
     * @param tokenize       one of {@link BleuTokenizer#NAMES}
     * @param smoothValue    the value of floor or add-k smoothing; null for the method's default
     * @param effectiveOrder sacreBLEU's {@code effective_order}: true for sentence BLEU
     */
    public record Settings(String tokenize, boolean lowercase, Smoothing smoothing, Double smoothValue,
                           boolean effectiveOrder, int maxNgramOrder) implements Serializable {
        public static final Settings DEFAULTS = new Settings("13a", false, Smoothing.EXP, null, false, 4);

        public Settings {
            if (!BleuTokenizer.NAMES.contains(tokenize)) {
                throw new IllegalArgumentException("unknown BLEU tokenizer '" + tokenize + "' (known: "
                        + String.join(", ", BleuTokenizer.NAMES) + ")");
            }
            Objects.requireNonNull(smoothing, "smoothing");
            if (maxNgramOrder < 1) {
                throw new IllegalArgumentException("the maximum n-gram order must be at least 1, not " + maxNgramOrder);
            }
        }

        public Settings withTokenize(String name) {
            return new Settings(name, lowercase, smoothing, smoothValue, effectiveOrder, maxNgramOrder);
        }

        public Settings withLowercase(boolean value) {
            return new Settings(tokenize, value, smoothing, smoothValue, effectiveOrder, maxNgramOrder);
        }

        public Settings withSmoothing(Smoothing method, Double value) {
            return new Settings(tokenize, lowercase, method, value, effectiveOrder, maxNgramOrder);
        }

        public Settings withEffectiveOrder(boolean value) {
            return new Settings(tokenize, lowercase, smoothing, smoothValue, value, maxNgramOrder);
        }

        public Settings withMaxNgramOrder(int order) {
            return new Settings(tokenize, lowercase, smoothing, smoothValue, effectiveOrder, order);
        }

        /** The smoothing value in force: the given one, else the method's default (null if it takes none). */
        public Double effectiveSmoothValue() {
            return smoothValue != null ? smoothValue : smoothing.defaultValue();
        }
    }

    /** Lowercases (if set), strips trailing whitespace and tokenizes, as sacreBLEU prepares every segment. */
    public String preprocess(String segment) {
        String s = settings.lowercase() ? PythonText.lower(segment) : segment;
        return tokenizer.tokenize(PythonText.rstrip(s));
    }

    /** One segment's statistics against its references (at least one). */
    public BleuStatistics statistics(String hypothesis, List<String> references) {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("a segment needs at least one reference");
        }
        int maxOrder = settings.maxNgramOrder();
        NgramCounts clipLimits = null;
        List<Integer> refLengths = new ArrayList<>(references.size());
        for (String reference : references) {
            List<String> words = PythonText.split(preprocess(reference));
            refLengths.add(words.size());
            NgramCounts counts = NgramCounts.ofWords(words, maxOrder);
            if (clipLimits == null) {
                clipLimits = counts;
            } else {
                clipLimits.keepMaxima(counts);
            }
        }
        List<String> hypWords = PythonText.split(preprocess(hypothesis));
        NgramCounts hypCounts = NgramCounts.ofWords(hypWords, maxOrder);
        long[] matches = new long[maxOrder];
        long[] totals = new long[maxOrder];
        for (int n = 1; n <= maxOrder; n++) {
            totals[n - 1] = hypCounts.total(n);
            matches[n - 1] = hypCounts.clippedMatches(n, clipLimits);
        }
        return new BleuStatistics(hypWords.size(), closestLength(hypWords.size(), refLengths), matches, totals);
    }

    /** The reference length nearest the hypothesis length; the shorter of two equally near. */
    static int closestLength(int hypLength, List<Integer> refLengths) {
        int best = -1;
        int bestDistance = Integer.MAX_VALUE;
        for (int length : refLengths) {
            int distance = Math.abs(hypLength - length);
            if (distance < bestDistance || (distance == bestDistance && length < best)) {
                bestDistance = distance;
                best = length;
            }
        }
        return best;
    }

    /**
     * Corpus BLEU.
     *
     * @param referenceStreams one list per reference set, each as long as {@code hypotheses} (sacreBLEU's
     *                         layout); a null entry leaves that segment with one reference fewer
     */
    public BleuScore corpusScore(List<String> hypotheses, List<List<String>> referenceStreams) {
        List<List<String>> bySegment = References.bySegment(hypotheses.size(), referenceStreams);
        BleuStatistics total = BleuStatistics.zero(settings.maxNgramOrder());
        for (int i = 0; i < hypotheses.size(); i++) {
            total = total.plus(statistics(hypotheses.get(i), bySegment.get(i)));
        }
        return score(total, Signature.referenceCount(bySegment));
    }

    /** BLEU of one segment against its references, with these settings (set effective order for sentence BLEU). */
    public BleuScore sentenceScore(String hypothesis, List<String> references) {
        return score(statistics(hypothesis, references), String.valueOf(references.size()));
    }

    /** The score of already summed statistics; {@code nrefs} is the signature's reference count. */
    public BleuScore score(BleuStatistics statistics, String nrefs) {
        BleuScore raw = compute(statistics, settings.smoothing(), settings.effectiveSmoothValue(),
                settings.effectiveOrder());
        return new BleuScore(raw.score(), raw.counts(), raw.totals(), raw.precisions(), raw.brevityPenalty(),
                raw.hypLength(), raw.refLength(), signature(nrefs));
    }

    /** The signature sacreBLEU prints for these settings, e.g. {@code nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp}. */
    public Signature signature(String nrefs) {
        String smooth = settings.smoothing().cliName();
        if (settings.smoothing().takesValue()) {
            smooth += "[" + PythonFormat.fixed(settings.effectiveSmoothValue(), 2) + "]";
        }
        return Signature.builder(nrefs)
                .put("case", settings.lowercase() ? "lc" : "mixed")
                .put("eff", settings.effectiveOrder() ? "yes" : "no")
                .put("tok", tokenizer.signatureName())
                .put("smooth", smooth)
                .build();
    }

    /**
     * BLEU from sufficient statistics: sacreBLEU's {@code BLEU.compute_bleu}, step for step. Returns a score
     * without signature.
     *
     * @param smoothValue for floor and add-k; null takes the method's default
     */
    public static BleuScore compute(BleuStatistics statistics, Smoothing smoothing, Double smoothValue,
                                    boolean effectiveOrder) {
        double value = smoothValue != null ? smoothValue : (smoothing.takesValue() ? smoothing.defaultValue() : 0);
        int maxOrder = statistics.maxOrder();
        long hypLength = statistics.hypLength();
        long refLength = statistics.refLength();
        double[] correct = toDoubles(statistics.matches());
        double[] total = toDoubles(statistics.totals());

        double bp = 1.0;
        if (hypLength < refLength) {
            bp = hypLength > 0 ? Math.exp(1 - (double) refLength / hypLength) : 0.0;
        }
        double[] precisions = new double[maxOrder];
        boolean anyMatch = false;
        for (double c : correct) {
            anyMatch |= c != 0;
        }
        if (!anyMatch) {
            // sacreBLEU returns 0 here whatever the smoothing (its issue #141).
            return new BleuScore(0.0, correct, total, precisions, bp, hypLength, refLength, null);
        }

        double mtevalFactor = 1.0;
        int usedOrders = maxOrder;
        for (int n = 1; n <= maxOrder; n++) {
            if (smoothing == Smoothing.ADD_K && n > 1) {
                correct[n - 1] += value;
                total[n - 1] += value;
            }
            if (total[n - 1] == 0) {
                break;
            }
            if (effectiveOrder) {
                usedOrders = n;
            }
            if (correct[n - 1] == 0) {
                if (smoothing == Smoothing.EXP) {
                    mtevalFactor *= 2;
                    precisions[n - 1] = 100.0 / (mtevalFactor * total[n - 1]);
                } else if (smoothing == Smoothing.FLOOR) {
                    precisions[n - 1] = 100.0 * value / total[n - 1];
                }
            } else {
                precisions[n - 1] = 100.0 * correct[n - 1] / total[n - 1];
            }
        }
        double logSum = 0;
        for (int n = 0; n < usedOrders; n++) {
            logSum += precisions[n] == 0.0 ? LOG_OF_ZERO : Math.log(precisions[n]);
        }
        double score = bp * Math.exp(logSum / usedOrders);
        return new BleuScore(score, correct, total, precisions, bp, hypLength, refLength, null);
    }

    private static double[] toDoubles(long[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return d;
    }
}
