package io.sparkllm.model.zoo;

import io.sparkllm.model.layers.Nonlinearity;

/** Models small enough for gradient checks, one per family. */
final class TinySpecs {
    static final int VOCAB = 11;

    private TinySpecs() {
    }

    static ModelSpec of(Family family, int layers) {
        return new ModelSpec(family, VOCAB, 8, 8, layers, 2, 12, 1e-5,
                Nonlinearity.parse(ModelSpec.defaultActivation(family)), family != Family.LLAMA, 0, 0.5, 10000,
                family == Family.BERT ? 2 : 0, 0);
    }

    /** A LLaMA with grouped-query attention: 4 query heads sharing 2 key/value heads. */
    static ModelSpec groupedLlama(int layers) {
        return new ModelSpec(Family.LLAMA, VOCAB, 8, 8, layers, 4, 12, 1e-5, Nonlinearity.SILU, false, 0, 0.5, 10000, 0, 0, 2);
    }
}
