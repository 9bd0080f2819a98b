package io.sparkllm.model.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Generates continuations of prompts with a {@link CausalLm}: one {@link DecoderSession} per prompt, fed the whole
 * prompt and then each new token, and a {@link TokenSampler} that picks the tokens.
 *
 * <p>Each prompt's sampling seed comes from the settings' seed and the prompt's index ({@link #promptSeed}), never from
 * the order prompts are run in: a prompt gives the same tokens alone, in any batch, or in any Spark partition, as long
 * as it keeps its index.
 *
 * <p>Stop sequences are looked for in the decoded text of the generated tokens only (not the prompt) and the text is cut
 * before the first one, as HumanEval harnesses do; that needs a detokenizer, e.g. {@code tokenizer::decode}.
 */
public final class Generator {
    private final CausalLm model;
    private final Function<int[], String> detokenizer;

    /** A generator without text: {@link Generation#text()} is null and stop sequences are refused. */
    public Generator(CausalLm model) {
        this.model = model;
        this.detokenizer = null;
    }

    public Generator(CausalLm model, Function<int[], String> detokenizer) {
        this.model = model;
        this.detokenizer = detokenizer;
    }

    /** Generates for one prompt, as prompt 0 of a batch. */
    public Generation generate(int[] prompt, SamplingSettings settings) {
        return generate(prompt, 0, settings);
    }

    /** Generates for each prompt in turn, prompt i seeded as {@code generate(prompts.get(i), i, settings)}. */
    public List<Generation> generate(List<int[]> prompts, SamplingSettings settings) {
        List<Generation> generations = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            generations.add(generate(prompts.get(i), i, settings));
        }
        return generations;
    }

    /** Generates for the prompt at {@code promptIndex} of a larger set (a global row index in a distributed job). */
    public Generation generate(int[] prompt, long promptIndex, SamplingSettings settings) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("prompt must hold at least one token");
        }
        if (detokenizer == null && !settings.stopSequences().isEmpty()) {
            throw new IllegalArgumentException("stopSequences need a detokenizer: build the Generator with one");
        }
        TokenSampler sampler = new TokenSampler(settings.withSeed(promptSeed(settings.seed(), promptIndex)));
        sampler.observe(prompt);
        int[] generated = new int[settings.maxNewTokens()];
        int count = 0;
        try (DecoderSession session = model.open()) {
            float[] logits = session.append(prompt);
            while (true) {
                int token = sampler.next(checked(logits));
                if (settings.stopTokenIds().contains(token)) {
                    return finish(generated, count, Generation.FinishReason.STOP_TOKEN, count + 1);
                }
                generated[count++] = token;
                if (!settings.stopSequences().isEmpty()) {
                    // The whole output is decoded each step, not token by token: a byte-level token may end mid
                    // character, and only the decoded whole says what the text is so far.
                    String text = detokenizer.apply(Arrays.copyOf(generated, count));
                    int cut = firstStop(text, settings.stopSequences());
                    if (cut >= 0) {
                        return new Generation(Arrays.copyOf(generated, count), text.substring(0, cut),
                                Generation.FinishReason.STOP_SEQUENCE, count);
                    }
                }
                if (count == generated.length) {
                    return finish(generated, count, Generation.FinishReason.MAX_TOKENS, count);
                }
                // No forward pass after the last token: its logits would never be used.
                logits = session.append(new int[] {token});
            }
        }
    }

    /**
     * The seed for prompt {@code index}: SplitMix64's finaliser over the base seed stepped by the golden gamma, so
     * neighbouring indices (and neighbouring base seeds) get unrelated streams.
     */
    public static long promptSeed(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private float[] checked(float[] logits) {
        if (logits.length != model.vocabularySize()) {
            throw new IllegalStateException("the model returned " + logits.length + " logits for a vocabulary of "
                    + model.vocabularySize());
        }
        return logits;
    }

    private Generation finish(int[] generated, int count, Generation.FinishReason reason, int steps) {
        int[] tokens = Arrays.copyOf(generated, count);
        String text = detokenizer == null ? null : detokenizer.apply(tokens);
        return new Generation(tokens, text, reason, steps);
    }

    /** Where the earliest stop sequence starts in the text, or -1. */
    private static int firstStop(String text, List<String> stopSequences) {
        int first = -1;
        for (String stop : stopSequences) {
            int at = text.indexOf(stop);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }
}
