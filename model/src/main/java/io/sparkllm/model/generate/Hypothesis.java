package io.sparkllm.model.generate;

import java.util.Arrays;
import java.util.Objects;

/**
 * One output of {@link BeamSearch}.
 *
 * @param tokens         the generated tokens, without the decoder start token and without the end token
 * @param ended          true when the hypothesis ended with the end token, false when it ran into the maximum length
 * @param logProbability the sum of the tokens' log-probabilities, the end token's included
 * @param score          {@code logProbability / length^lengthPenalty}, length counting the end token
 */
public record Hypothesis(int[] tokens, boolean ended, double logProbability, double score) {
    public Hypothesis {
        tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    /** The length the score is penalised with: the tokens plus the end token. */
    public int length() {
        return tokens.length + (ended ? 1 : 0);
    }

    // Compared by content: a record compares arrays by identity.
    @Override
    public boolean equals(Object other) {
        return other instanceof Hypothesis h && Arrays.equals(tokens, h.tokens) && ended == h.ended
                && Double.compare(logProbability, h.logProbability) == 0 && Double.compare(score, h.score) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(tokens), ended, logProbability, score);
    }

    @Override
    public String toString() {
        return "Hypothesis[tokens=" + Arrays.toString(tokens) + ", ended=" + ended + ", logProbability="
                + logProbability + ", score=" + score + "]";
    }
}
