package io.sparkllm.model.generate;

import java.util.Arrays;
import java.util.Objects;

/**
 * What {@link Generator} produced for one prompt.
 *
 * @param tokens       every token drawn, except a final stop token (the tokens that spell a stop sequence stay)
 * @param text         the decoded tokens, cut before the first stop sequence; null when the generator has no detokenizer
 * @param finishReason why generation ended
 * @param steps        tokens drawn, the stop token included
 */
public record Generation(int[] tokens, String text, FinishReason finishReason, int steps) {
    public enum FinishReason { STOP_TOKEN, STOP_SEQUENCE, MAX_TOKENS }

    public Generation {
        tokens = tokens.clone();
        Objects.requireNonNull(finishReason, "finishReason");
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    // Compared by content: a record compares arrays by identity.
    @Override
    public boolean equals(Object other) {
        return other instanceof Generation g && Arrays.equals(tokens, g.tokens) && Objects.equals(text, g.text)
                && finishReason == g.finishReason && steps == g.steps;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(tokens), text, finishReason, steps);
    }

    @Override
    public String toString() {
        return "Generation[tokens=" + Arrays.toString(tokens) + ", text=" + text + ", finishReason=" + finishReason
                + ", steps=" + steps + "]";
    }
}
