package io.sparkllm.model.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A causal model whose next-token logits depend only on the last token, read from a fixed table; it records its use. */
class BigramLm implements CausalLm {
    final float[][] logits;
    final List<int[]> appends = new ArrayList<>();
    int opened;
    int closed;

    BigramLm(float[][] logits) {
        this.logits = logits;
    }

    /** Logits drawn uniformly from [0, spread): a small spread gives a nearly flat model, a large one a peaked model. */
    static BigramLm random(int vocabulary, double spread, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] table = new float[vocabulary][vocabulary];
        for (float[] row : table) {
            for (int t = 0; t < vocabulary; t++) {
                row[t] = (float) (random.nextDouble() * spread);
            }
        }
        return new BigramLm(table);
    }

    @Override
    public DecoderSession open() {
        opened++;
        return new DecoderSession() {
            @Override
            public float[] append(int[] tokens) {
                appends.add(tokens.clone());
                return logits[tokens[tokens.length - 1]].clone();
            }

            @Override
            public void close() {
                closed++;
            }
        };
    }

    @Override
    public int vocabularySize() {
        return logits.length;
    }
}
