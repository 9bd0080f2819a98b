package io.sparkllm.model.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An encoder-decoder model whose next-token log-probabilities depend only on the prefix's last token, read from a fixed
 * table; token {@link #END} ends a sequence and the last id is the decoder start token, which is never generated.
 */
final class MarkovSeq2Seq implements Seq2SeqLm {
    static final int END = 0;

    final float[][] logProbabilities;
    final List<int[][]> calls = new ArrayList<>();
    int encodes;
    private Source encoded;

    MarkovSeq2Seq(float[][] logProbabilities) {
        this.logProbabilities = logProbabilities;
    }

    /** Builds the table from probabilities, one row per previous token (the start token's row last). */
    static MarkovSeq2Seq ofProbabilities(double[][] probabilities) {
        float[][] table = new float[probabilities.length][];
        for (int r = 0; r < table.length; r++) {
            table[r] = new float[probabilities[r].length];
            for (int t = 0; t < table[r].length; t++) {
                table[r][t] = (float) Math.log(probabilities[r][t]);
            }
        }
        return new MarkovSeq2Seq(table);
    }

    /** A random table over {@code vocabulary} ids (end token and start token included); endBias raises the end token's logit. */
    static MarkovSeq2Seq random(int vocabulary, double spread, double endBias, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] probabilities = new double[vocabulary][vocabulary];
        for (double[] row : probabilities) {
            double total = 0;
            for (int t = 0; t < vocabulary - 1; t++) { // the start token keeps probability 0
                row[t] = Math.exp(random.nextDouble() * spread + (t == END ? endBias : 0));
                total += row[t];
            }
            for (int t = 0; t < vocabulary; t++) {
                row[t] /= total;
            }
        }
        return ofProbabilities(probabilities);
    }

    int startToken() {
        return logProbabilities.length - 1;
    }

    @Override
    public EncodedSource encode(int[] source) {
        encodes++;
        encoded = new Source(source.clone());
        return encoded;
    }

    @Override
    public float[][] nextLogProbabilities(EncodedSource source, int[][] prefixes) {
        if (source != encoded) {
            throw new AssertionError("a source this model did not encode last");
        }
        calls.add(prefixes);
        float[][] rows = new float[prefixes.length][];
        for (int b = 0; b < prefixes.length; b++) {
            rows[b] = logProbabilities[prefixes[b][prefixes[b].length - 1]].clone();
        }
        return rows;
    }

    /** Greedy decoding written out directly: the most likely token (lowest id on ties) until the end token or maxLength. */
    Hypothesis greedy(int maxLength, double lengthPenalty) {
        int[] tokens = new int[0];
        double logProbability = 0;
        int last = startToken();
        for (int step = 0; step < maxLength; step++) {
            float[] row = logProbabilities[last];
            int best = 0;
            for (int t = 1; t < row.length; t++) {
                if (row[t] > row[best]) {
                    best = t;
                }
            }
            logProbability += row[best];
            if (best == END) {
                return new Hypothesis(tokens, true, logProbability, logProbability / Math.pow(step + 1, lengthPenalty));
            }
            tokens = Arrays.copyOf(tokens, tokens.length + 1);
            tokens[tokens.length - 1] = best;
            last = best;
        }
        return new Hypothesis(tokens, false, logProbability, logProbability / Math.pow(maxLength, lengthPenalty));
    }

    /** Every possible output up to maxLength (ended ones, and unended ones of exactly maxLength), best score first. */
    List<Hypothesis> exhaustive(int maxLength, double lengthPenalty) {
        List<Hypothesis> all = new ArrayList<>();
        enumerate(new int[0], startToken(), 0.0, maxLength, lengthPenalty, all);
        all.sort((a, b) -> Double.compare(b.score(), a.score()));
        return all;
    }

    private void enumerate(int[] tokens, int last, double logProbability, int maxLength, double alpha, List<Hypothesis> out) {
        if (tokens.length == maxLength) {
            out.add(new Hypothesis(tokens, false, logProbability, logProbability / Math.pow(maxLength, alpha)));
            return;
        }
        float[] row = logProbabilities[last];
        for (int t = 0; t < row.length; t++) {
            if (row[t] == Float.NEGATIVE_INFINITY) {
                continue;
            }
            double extended = logProbability + row[t];
            if (t == END) {
                out.add(new Hypothesis(tokens, true, extended, extended / Math.pow(tokens.length + 1, alpha)));
            } else {
                int[] next = Arrays.copyOf(tokens, tokens.length + 1);
                next[tokens.length] = t;
                enumerate(next, t, extended, maxLength, alpha, out);
            }
        }
    }

    private record Source(int[] tokens) implements EncodedSource {
    }
}
