package io.sparkllm.model.generate;

import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * Picks the next token of one sequence from the model's logits, in Hugging Face's order: repetition penalty,
 * temperature, top-k, top-p, then a draw. The draw comes from a {@link SplittableRandom} seeded with
 * {@link SamplingSettings#seed()}, so the same seed, settings and logits give the same tokens. Ties are broken by the
 * lower token id everywhere (greedy's argmax, the top-k and top-p cuts). One sampler per sequence: it remembers the
 * tokens it has seen for the repetition penalty.
 */
public final class TokenSampler {
    /**
     * Summation slack for the top-p cut: a prefix whose mass equals p up to the rounding of a softmax sum still counts
     * as reaching p, so p = 0.5 over four equal tokens keeps two, not three.
     */
    private static final double MASS_SLACK = 1e-10;

    private final SamplingSettings settings;
    private final SplittableRandom random;
    private final BitSet seen = new BitSet();

    public TokenSampler(SamplingSettings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
    }

    /** Records tokens of the context (the prompt) for the repetition penalty. */
    public void observe(int... tokens) {
        for (int token : tokens) {
            seen.set(token);
        }
    }

    /** Picks the next token and records it as seen. */
    public int next(float[] logits) {
        float[] scores = penalised(logits);
        int token = settings.greedy() ? argmax(scores) : draw(keep(scores));
        seen.set(token);
        return token;
    }

    /** The distribution {@link #next} draws from for these logits (one-hot when greedy), without drawing. */
    public double[] probabilities(float[] logits) {
        float[] scores = penalised(logits);
        double[] probabilities = new double[scores.length];
        if (settings.greedy()) {
            probabilities[argmax(scores)] = 1.0;
            return probabilities;
        }
        Kept kept = keep(scores);
        for (int i = 0; i < kept.size; i++) {
            probabilities[kept.tokens[i]] = kept.weights[i] / kept.total;
        }
        return probabilities;
    }

    /** The logits after the repetition penalty (HF: divide a positive logit by the penalty, multiply a negative one). */
    private float[] penalised(float[] logits) {
        for (int i = 0; i < logits.length; i++) {
            float value = logits[i];
            if (Float.isNaN(value) || value == Float.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("logits[" + i + "] is " + value + "; logits must be finite or -Infinity");
            }
        }
        float penalty = (float) settings.repetitionPenalty();
        if (penalty == 1f || seen.isEmpty()) {
            return logits;
        }
        float[] scores = logits.clone();
        for (int t = seen.nextSetBit(0); t >= 0 && t < scores.length; t = seen.nextSetBit(t + 1)) {
            scores[t] = scores[t] < 0 ? scores[t] * penalty : scores[t] / penalty;
        }
        return scores;
    }

    private static int argmax(float[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        if (scores[best] == Float.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("every logit is -Infinity: no token can be picked");
        }
        return best;
    }

    /** The tokens that survive top-k and top-p, with their unnormalised softmax weights at the temperature. */
    private Kept keep(float[] scores) {
        int vocabulary = scores.length;
        int k = settings.topK() > 0 ? Math.min(settings.topK(), vocabulary) : vocabulary;
        boolean nucleus = settings.topP() < 1;
        int[] tokens = k < vocabulary || nucleus ? RankedTokens.best(scores, k) : identity(vocabulary);
        double max = Double.NEGATIVE_INFINITY;
        for (int token : tokens) {
            max = Math.max(max, scores[token]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("every logit is -Infinity: no token can be drawn");
        }
        // Subtracting the maximum before exp keeps every weight in (0, 1]: no overflow whatever the logits' range.
        double temperature = settings.temperature();
        double[] weights = new double[tokens.length];
        double total = 0;
        for (int i = 0; i < tokens.length; i++) {
            weights[i] = Math.exp((scores[tokens[i]] - max) / temperature);
            total += weights[i];
        }
        int size = tokens.length;
        if (nucleus) {
            // tokens are in rank order here: keep the shortest prefix whose mass reaches p (at least one token).
            double target = (settings.topP() - MASS_SLACK) * total;
            double mass = 0;
            size = 0;
            do {
                mass += weights[size++];
            } while (size < tokens.length && mass < target);
            total = mass;
        }
        return new Kept(tokens, weights, size, total);
    }

    private int draw(Kept kept) {
        double u = random.nextDouble() * kept.total;
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < kept.size; i++) {
            if (kept.weights[i] > 0) {
                cumulative += kept.weights[i];
                last = i;
                if (u < cumulative) {
                    return kept.tokens[i];
                }
            }
        }
        return kept.tokens[last]; // u fell past the sum by rounding: the last token that can be drawn
    }

    private static int[] identity(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
    }

    /** The first {@code size} of {@code tokens} survive, weighted by {@code weights}, which sum to {@code total}. */
    private record Kept(int[] tokens, double[] weights, int size, double total) {
    }
}
