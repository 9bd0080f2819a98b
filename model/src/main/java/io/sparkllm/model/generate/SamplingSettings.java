package io.sparkllm.model.generate;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How {@link Generator} picks tokens, with Hugging Face's meanings: {@code greedy} takes the most likely token
 * (temperature, top-k and top-p are then ignored); otherwise the logits are divided by {@code temperature}, cut to the
 * {@code topK} best ({@code 0}: no cut) and to the nucleus of mass {@code topP} ({@code 1}: no cut), and a token is
 * drawn with a generator seeded by {@code seed}. {@code repetitionPenalty} ({@code 1}: none) weakens every token already
 * in the prompt or the output, as HF's {@code repetition_penalty} does, before any of that. Generation stops at a
 * token of {@code stopTokenIds}, when the decoded output contains one of {@code stopSequences}, or after
 * {@code maxNewTokens} tokens.
 */
public record SamplingSettings(boolean greedy, double temperature, int topK, double topP, double repetitionPenalty,
                               long seed, int maxNewTokens, Set<Integer> stopTokenIds, List<String> stopSequences)
        implements java.io.Serializable {

    public SamplingSettings {
        require(temperature > 0 && Double.isFinite(temperature), "temperature must be > 0 and finite, got " + temperature);
        require(topK >= 0, "topK must be >= 0 (0 turns it off), got " + topK);
        require(topP > 0 && topP <= 1, "topP must be in (0, 1] (1 turns it off), got " + topP);
        require(repetitionPenalty > 0 && Double.isFinite(repetitionPenalty),
                "repetitionPenalty must be > 0 and finite (1 turns it off), got " + repetitionPenalty);
        require(maxNewTokens >= 1, "maxNewTokens must be >= 1, got " + maxNewTokens);
        require(stopTokenIds != null, "stopTokenIds must not be null");
        require(stopSequences != null, "stopSequences must not be null");
        stopTokenIds = Set.copyOf(stopTokenIds);
        stopSequences = List.copyOf(stopSequences);
        for (int id : stopTokenIds) {
            require(id >= 0, "stopTokenIds must be >= 0, got " + id);
        }
        for (String s : stopSequences) {
            require(!s.isEmpty(), "stopSequences must not hold an empty string");
        }
    }

    /** Plain sampling at temperature 1, no cuts, no penalty, seed 0, at most 256 new tokens, no stops. */
    public static SamplingSettings defaults() {
        return new SamplingSettings(false, 1.0, 0, 1.0, 1.0, 0L, 256, Set.of(), List.of());
    }

    /** {@link #defaults()} with greedy decoding. */
    public static SamplingSettings greedyDecoding() {
        return defaults().withGreedy(true);
    }

    public SamplingSettings withGreedy(boolean value) {
        return new SamplingSettings(value, temperature, topK, topP, repetitionPenalty, seed, maxNewTokens, stopTokenIds, stopSequences);
    }

    public SamplingSettings withTemperature(double value) {
        return new SamplingSettings(greedy, value, topK, topP, repetitionPenalty, seed, maxNewTokens, stopTokenIds, stopSequences);
    }

    public SamplingSettings withTopK(int value) {
        return new SamplingSettings(greedy, temperature, value, topP, repetitionPenalty, seed, maxNewTokens, stopTokenIds, stopSequences);
    }

    public SamplingSettings withTopP(double value) {
        return new SamplingSettings(greedy, temperature, topK, value, repetitionPenalty, seed, maxNewTokens, stopTokenIds, stopSequences);
    }

    public SamplingSettings withRepetitionPenalty(double value) {
        return new SamplingSettings(greedy, temperature, topK, topP, value, seed, maxNewTokens, stopTokenIds, stopSequences);
    }

    public SamplingSettings withSeed(long value) {
        return new SamplingSettings(greedy, temperature, topK, topP, repetitionPenalty, value, maxNewTokens, stopTokenIds, stopSequences);
    }

    public SamplingSettings withMaxNewTokens(int value) {
        return new SamplingSettings(greedy, temperature, topK, topP, repetitionPenalty, seed, value, stopTokenIds, stopSequences);
    }

    public SamplingSettings withStopTokenIds(int... ids) {
        Set<Integer> value = Arrays.stream(ids).boxed().collect(Collectors.toSet());
        return new SamplingSettings(greedy, temperature, topK, topP, repetitionPenalty, seed, maxNewTokens, value, stopSequences);
    }

    public SamplingSettings withStopSequences(String... sequences) {
        return new SamplingSettings(greedy, temperature, topK, topP, repetitionPenalty, seed, maxNewTokens, stopTokenIds, List.of(sequences));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
