package io.sparkllm.model.generate;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RankedTokensTest {
    @Test
    void ranksLikeASortByScoreThenIdOnBothTheHeapAndTheSortPath() {
        SplittableRandom random = new SplittableRandom(9);
        float[] specials = {Float.NEGATIVE_INFINITY, -0.0f, 0.0f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -1e-30f};
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + random.nextInt(200);
            float[] scores = new float[n];
            for (int i = 0; i < n; i++) {
                // Few distinct values so ties are common, plus the float edge cases.
                scores[i] = random.nextInt(4) == 0 ? specials[random.nextInt(specials.length)] : random.nextInt(7) - 3.5f;
            }
            int k = 1 + random.nextInt(n + 5); // small k takes the heap, large k the full sort, k > n is clamped
            int[] expected = IntStream.range(0, n).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -(scores[i] + 0.0)).thenComparingInt(i -> i))
                    .limit(k).mapToInt(Integer::intValue).toArray();
            assertThat(RankedTokens.best(scores, k)).as("trial %d, n %d, k %d", trial, n, k).containsExactly(expected);
        }
    }
}
