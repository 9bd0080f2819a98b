package io.sparkllm.model.zoo;

import io.sparkllm.model.layers.SelfAttention;
import io.sparkllm.model.layers.TokenEmbedding;

import java.util.Arrays;
import java.util.Locale;

/**
 * The architectures of the zoo and what sets each apart. Sizes live in {@link ModelSpec}; these
 * are the fixed structural choices of each published design.
 */
public enum Family {
    /** Vaswani et al. 2017: encoder-decoder, sinusoidal positions, post-LN, ReLU. */
    TRANSFORMER(TokenEmbedding.Positions.SINUSOIDAL, SelfAttention.Positions.NONE, false, false, false, false, false, true, true),
    /** Devlin et al. 2018: bidirectional encoder, learned positions and segments, post-LN, MLM + NSP heads. */
    BERT(TokenEmbedding.Positions.LEARNED, SelfAttention.Positions.NONE, false, false, false, true, false, true, false),
    /** Radford et al. 2018: causal decoder, learned positions, post-LN. */
    GPT(TokenEmbedding.Positions.LEARNED, SelfAttention.Positions.NONE, false, false, false, false, false, true, true),
    /** Radford et al. 2019: GPT with pre-LN and a final LayerNorm. */
    GPT2(TokenEmbedding.Positions.LEARNED, SelfAttention.Positions.NONE, true, true, false, false, false, true, true),
    /** BigScience 2022: pre-LN, ALiBi, LayerNorm after the embedding. */
    BLOOM(TokenEmbedding.Positions.NONE, SelfAttention.Positions.ALIBI, true, true, false, true, false, true, true),
    /** Touvron et al. 2023: pre-RMSNorm, rotary positions, SwiGLU, no biases. */
    LLAMA(TokenEmbedding.Positions.NONE, SelfAttention.Positions.ROTARY, true, true, true, false, true, false, true);

    public final TokenEmbedding.Positions embeddingPositions;
    public final SelfAttention.Positions attentionPositions;
    /** Norm before each sublayer (pre-LN) rather than after the residual sum (post-LN). */
    public final boolean preNorm;
    public final boolean finalNorm;
    public final boolean rmsNorm;
    /** A norm right after the embedding (BERT, BLOOM). */
    public final boolean embeddingNorm;
    public final boolean swiGlu;
    public final boolean biases;
    public final boolean causal;

    Family(TokenEmbedding.Positions embeddingPositions, SelfAttention.Positions attentionPositions, boolean preNorm,
           boolean finalNorm, boolean rmsNorm, boolean embeddingNorm, boolean swiGlu, boolean biases, boolean causal) {
        this.embeddingPositions = embeddingPositions;
        this.attentionPositions = attentionPositions;
        this.preNorm = preNorm;
        this.finalNorm = finalNorm;
        this.rmsNorm = rmsNorm;
        this.embeddingNorm = embeddingNorm;
        this.swiGlu = swiGlu;
        this.biases = biases;
        this.causal = causal;
    }

    public static Family parse(String name) {
        try {
            return valueOf(name.trim().replace("-", "").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown model family '" + name + "' (known: "
                    + Arrays.toString(values()).toLowerCase(Locale.ROOT) + ")");
        }
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
