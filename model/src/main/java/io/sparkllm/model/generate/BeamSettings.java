package io.sparkllm.model.generate;

import java.util.Objects;

/**
 * Beam search settings, with Hugging Face's meanings.
 *
 * @param width         beams kept at each step ({@code num_beams}); 1 is greedy decoding
 * @param maxLength     most generated tokens, the end token included (the decoder start token not counted)
 * @param startToken    the decoder start token every prefix begins with
 * @param endToken      the end-of-sequence token that finishes a hypothesis
 * @param lengthPenalty alpha in HF's score {@code logProbability / length^alpha}; above 0 favours longer outputs
 * @param nBest         hypotheses returned, best first ({@code num_return_sequences}), at most {@code width}
 * @param stopping      when to stop before {@code maxLength}
 */
public record BeamSettings(int width, int maxLength, int startToken, int endToken, double lengthPenalty, int nBest,
                           Stopping stopping) {

    /** When the search may end before every beam has reached {@code maxLength}. */
    public enum Stopping {
        /** Once {@code width} hypotheses have finished and no running beam can beat the worst of them (HF's "never"). */
        WHEN_UNBEATABLE,
        /** As soon as {@code width} hypotheses have finished (HF's {@code early_stopping=True}). */
        WHEN_WIDTH_FINISHED,
        /** Never: every step up to {@code maxLength} runs; the reference {@code WHEN_UNBEATABLE} must agree with. */
        AT_MAX_LENGTH
    }

    public BeamSettings {
        require(width >= 1, "width must be >= 1, got " + width);
        require(maxLength >= 1, "maxLength must be >= 1, got " + maxLength);
        require(startToken >= 0, "startToken must be >= 0, got " + startToken);
        require(endToken >= 0, "endToken must be >= 0, got " + endToken);
        require(Double.isFinite(lengthPenalty), "lengthPenalty must be finite, got " + lengthPenalty);
        require(nBest >= 1 && nBest <= width, "nBest must be in [1, width=" + width + "], got " + nBest);
        Objects.requireNonNull(stopping, "stopping");
    }

    /** HF's defaults around the given essentials: length penalty 1, the best hypothesis only, stopping when unbeatable. */
    public static BeamSettings of(int width, int maxLength, int startToken, int endToken) {
        return new BeamSettings(width, maxLength, startToken, endToken, 1.0, 1, Stopping.WHEN_UNBEATABLE);
    }

    public BeamSettings withWidth(int value) {
        return new BeamSettings(value, maxLength, startToken, endToken, lengthPenalty, nBest, stopping);
    }

    public BeamSettings withMaxLength(int value) {
        return new BeamSettings(width, value, startToken, endToken, lengthPenalty, nBest, stopping);
    }

    public BeamSettings withLengthPenalty(double value) {
        return new BeamSettings(width, maxLength, startToken, endToken, value, nBest, stopping);
    }

    public BeamSettings withNBest(int value) {
        return new BeamSettings(width, maxLength, startToken, endToken, lengthPenalty, value, stopping);
    }

    public BeamSettings withStopping(Stopping value) {
        return new BeamSettings(width, maxLength, startToken, endToken, lengthPenalty, nBest, value);
    }

    /** HF's length-penalised score of a hypothesis of {@code length} tokens. */
    public double score(double logProbability, int length) {
        return logProbability / Math.pow(length, lengthPenalty);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
