package io.sparkllm.jobs.tokenize;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * BERT's masking of one instance: of the non-special positions, {@code probability} (15%) are
 * selected (at least one); a selected token becomes [MASK] 80% of the time, a random vocabulary
 * id 10%, and stays itself 10%; the model must predict the original at every selected position.
 */
final class MaskedTokens {
    /** The masked input, the selected positions (ascending) and their original ids. */
    record Masked(int[] input, int[] positions, int[] labels) {
    }

    private MaskedTokens() {
    }

    static Masked mask(int[] ids, boolean[] special, double probability, int maskId, int vocabSize,
                       SplittableRandom random) {
        int[] candidates = new int[ids.length];
        int n = 0;
        for (int i = 0; i < ids.length; i++) {
            if (!special[i]) {
                candidates[n++] = i;
            }
        }
        // A seeded partial shuffle picks the positions.
        int picks = Math.min(n, Math.max(1, (int) Math.round(n * probability)));
        for (int i = 0; i < picks; i++) {
            int j = i + random.nextInt(n - i);
            int t = candidates[i];
            candidates[i] = candidates[j];
            candidates[j] = t;
        }
        int[] positions = Arrays.copyOf(candidates, picks);
        Arrays.sort(positions);
        int[] input = ids.clone();
        int[] labels = new int[picks];
        for (int k = 0; k < picks; k++) {
            int p = positions[k];
            labels[k] = ids[p];
            double roll = random.nextDouble();
            if (roll < 0.8) {
                input[p] = maskId;
            } else if (roll < 0.9) {
                input[p] = random.nextInt(vocabSize);
            }
        }
        return new Masked(input, positions, labels);
    }
}
