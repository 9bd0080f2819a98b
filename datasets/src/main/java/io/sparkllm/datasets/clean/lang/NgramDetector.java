package io.sparkllm.datasets.clean.lang;

import com.optimaize.langdetect.NgramFrequencyData;
import com.optimaize.langdetect.profiles.LanguageProfile;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Optimaize's detection (its {@code LanguageDetectorImpl} with the builder's defaults and the
 * standard 1- to 3-gram extractor), step for step, so every probability comes out bit for bit the
 * same: the same n-grams in the same order, the same seeded random draws, the same floating-point
 * operations in the same order. What it leaves out is overhead: n-grams are packed longs looked up
 * in a primitive table instead of substrings in a string map, each only when first drawn, and
 * there is no logging check per draw (substrings, string lookups and logging checks were about
 * 40% of Optimaize's time on the webdocs).
 */
final class NgramDetector {
    // Optimaize's constants and LanguageDetectorBuilder's defaults.
    private static final double ALPHA = 0.5;
    private static final double ALPHA_WIDTH = 0.05;
    private static final int ITERATION_LIMIT = 1000;
    private static final double CONV_THRESHOLD = 0.99999;
    private static final int BASE_FREQ = 10000;
    private static final int N_TRIAL = 7;
    private static final long SEED = 41L;
    private static final int SHORT_TEXT = 50;
    private static final double PROBABILITY_THRESHOLD = 0.1;

    private static final int UNRESOLVED = -2;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final GramTable table;
    /** ISO 639-1 code of each column, in Optimaize's language order. */
    private final String[] languages;

    NgramDetector(List<LanguageProfile> profiles) {
        // The builder collects the profiles in a HashSet, and that set's order is the language order.
        Set<LanguageProfile> ordered = new HashSet<>();
        ordered.addAll(profiles);
        NgramFrequencyData data = NgramFrequencyData.create(ordered, List.of(1, 2, 3));
        this.table = GramTable.of(ordered, data);
        this.languages = data.getLanguageList().stream().map(l -> l.getLanguage()).toArray(String[]::new);
    }

    /**
     * Probabilities by language of Optimaize's prepared text (its {@code TextObject}), most likely
     * first, languages under 0.1 left out, regional variants summed; empty when nothing can be told.
     */
    Map<String, Double> probabilities(CharSequence prepared) {
        String text = padded(prepared);
        // Optimaize picks the algorithm by the length before padding.
        double[] prob = prepared.length() <= SHORT_TEXT ? shortText(text) : longText(text);
        Map<String, Double> result = new LinkedHashMap<>();
        if (prob == null) {
            return result;
        }
        // Optimaize's order: at least the threshold, then a stable sort by descending probability.
        int[] order = new int[prob.length];
        int kept = 0;
        for (int j = 0; j < prob.length; j++) {
            if (prob[j] >= PROBABILITY_THRESHOLD) {
                int k = kept++;
                while (k > 0 && prob[order[k - 1]] < prob[j]) {
                    order[k] = order[k - 1];
                    k--;
                }
                order[k] = j;
            }
        }
        for (int k = 0; k < kept; k++) {
            result.merge(languages[order[k]], prob[order[k]], Double::sum);
        }
        return result;
    }

    /** A space before and after, where the text does not already have one (Optimaize's padding). */
    private static String padded(CharSequence text) {
        int n = text.length();
        if (n == 0) {
            return "";
        }
        boolean before = text.charAt(0) != ' ';
        boolean after = text.charAt(n - 1) != ' ';
        StringBuilder sb = new StringBuilder(n + 2);
        if (before) {
            sb.append(' ');
        }
        sb.append(text);
        if (after) {
            sb.append(' ');
        }
        return sb.toString();
    }

    /** Optimaize's filter: no 1-gram that is a space, no 3-gram with a space in the middle. */
    private static boolean used(String s, int pos, int length) {
        return switch (length) {
            case 1 -> s.charAt(pos) != ' ';
            case 3 -> s.charAt(pos + 1) != ' ';
            default -> true;
        };
    }

    /**
     * Optimaize's long-text algorithm: seven trials of up to 1000 randomly drawn n-grams each.
     * Trials usually settle after a few hundred draws, so an n-gram is looked up only when first drawn.
     */
    private double[] longText(String s) {
        int n = s.length();
        Scratch scratch = SCRATCH.get().fit(3 * n);
        long[] keys = scratch.keys;
        int[] rows = scratch.rows;
        int grams = 0;
        for (int length = 1; length <= 3; length++) {
            for (int pos = 0; pos + length <= n; pos++) {
                if (used(s, pos, length)) {
                    keys[grams] = GramTable.key(s, pos, length);
                    rows[grams++] = UNRESOLVED;
                }
            }
        }
        if (grams == 0) {
            return null;
        }
        int l = languages.length;
        double[] langprob = new double[l];
        double[] prob = new double[l];
        Random rand = new Random(SEED);
        for (int t = 0; t < N_TRIAL; ++t) {
            for (int i = 0; i < l; ++i) {
                prob[i] = 1.0 / l;
            }
            double alpha = ALPHA + (rand.nextGaussian() * ALPHA_WIDTH);
            double weight = alpha / BASE_FREQ;
            for (int i = 0; i < ITERATION_LIMIT; i++) {
                int r = rand.nextInt(grams);
                int row = rows[r];
                if (row == UNRESOLVED) {
                    row = table.row(keys[r]);
                    rows[r] = row;
                }
                if (row >= 0) {
                    double[] p = table.probabilities(row);
                    for (int j = 0; j < l; ++j) {
                        prob[j] *= (weight + p[j]);
                    }
                }
                if (i % 5 == 0 && normalize(prob) > CONV_THRESHOLD) {
                    break;
                }
            }
            for (int j = 0; j < l; ++j) {
                langprob[j] += prob[j] / N_TRIAL;
            }
        }
        return langprob;
    }

    /** A thread's n-gram keys and their rows (once looked up), reused from document to document. */
    private static final class Scratch {
        long[] keys = new long[4096];
        int[] rows = new int[4096];

        Scratch fit(int grams) {
            if (keys.length < grams) {
                keys = new long[grams];
                rows = new int[grams];
            }
            return this;
        }
    }

    /** Optimaize's short-text algorithm: every distinct n-gram once, weighted by its count. */
    private double[] shortText(String s) {
        int n = s.length();
        Map<Long, Integer> counts = new LinkedHashMap<>();
        for (int length = 1; length <= 3; length++) {
            for (int pos = 0; pos + length <= n; pos++) {
                if (used(s, pos, length)) {
                    counts.merge(GramTable.key(s, pos, length), 1, Integer::sum);
                }
            }
        }
        if (counts.isEmpty()) {
            return null;
        }
        int l = languages.length;
        double[] prob = new double[l];
        for (int i = 0; i < l; ++i) {
            prob[i] = 1.0 / l;
        }
        double weight = ALPHA / BASE_FREQ;
        for (Map.Entry<Long, Integer> gram : counts.entrySet()) {
            int row = table.row(gram.getKey());
            if (row >= 0) {
                double[] p = table.probabilities(row);
                int count = gram.getValue();
                for (int j = 0; j < l; ++j) {
                    for (int c = 0; c < count; c++) {
                        prob[j] *= (weight + p[j]);
                    }
                }
            }
            if (normalize(prob) > CONV_THRESHOLD) {
                break;
            }
        }
        normalize(prob);
        return prob;
    }

    /** Optimaize's normalisation: divide by the sum (summed in order); returns the largest share. */
    private static double normalize(double[] prob) {
        double max = 0;
        double sum = 0;
        for (double p : prob) {
            sum += p;
        }
        for (int i = 0; i < prob.length; ++i) {
            double p = prob[i] / sum;
            if (max < p) {
                max = p;
            }
            prob[i] = p;
        }
        return max;
    }
}
