package io.sparkllm.model.generate;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TokenSamplerTest {
    private static final SamplingSettings SAMPLING = SamplingSettings.defaults();

    private static int[] draws(SamplingSettings settings, float[] logits, int n) {
        TokenSampler sampler = new TokenSampler(settings);
        return IntStream.range(0, n).map(i -> sampler.next(logits)).toArray();
    }

    private static float[] randomLogits(SplittableRandom random, int vocabulary, double spread) {
        float[] logits = new float[vocabulary];
        for (int i = 0; i < vocabulary; i++) {
            logits[i] = (float) (random.nextDouble() * spread);
        }
        return logits;
    }

    /** The reference: softmax at temperature 1 over the given tokens only, zero elsewhere. */
    private static double[] softmaxOver(float[] logits, int[] tokens) {
        double[] p = new double[logits.length];
        double total = 0;
        for (int t : tokens) {
            p[t] = Math.exp(logits[t]);
            total += p[t];
        }
        for (int t : tokens) {
            p[t] /= total;
        }
        return p;
    }

    private static int[] support(double[] probabilities) {
        return IntStream.range(0, probabilities.length).filter(t -> probabilities[t] > 0).toArray();
    }

    @Test
    void greedyTakesTheHighestLogitAndTheLowestIdOnTies() {
        TokenSampler greedy = new TokenSampler(SamplingSettings.greedyDecoding());
        assertThat(greedy.next(new float[] {1, 3, 3, 2})).isEqualTo(1);
        assertThat(greedy.next(new float[] {Float.NEGATIVE_INFINITY, -5, -7})).isEqualTo(1);
        assertThat(greedy.probabilities(new float[] {0, 2, 2})).containsExactly(0, 1, 0);
    }

    @Test
    void theSameSeedGivesTheSameTokensAndAnotherSeedOthers() {
        float[] logits = randomLogits(new SplittableRandom(1), 50, 1.0);
        SamplingSettings settings = SAMPLING.withSeed(42).withTopK(30).withTopP(0.9).withTemperature(0.8);
        int[] first = draws(settings, logits, 300);
        assertThat(draws(settings, logits, 300)).isEqualTo(first);
        // About 25 tokens are kept: two seeds agreeing on 300 draws has probability far below 1e-100.
        assertThat(draws(settings.withSeed(43), logits, 300)).isNotEqualTo(first);
    }

    @Test
    void aTinyTemperatureIsGreedy() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            // Distinct logits 0.01 apart: at T = 1e-6 the runner-up's weight is exp(-10^4), exactly 0 in double.
            int vocabulary = 2 + random.nextInt(60);
            List<Integer> order = new ArrayList<>(IntStream.range(0, vocabulary).boxed().toList());
            Collections.shuffle(order, new Random(trial));
            float[] logits = new float[vocabulary];
            for (int i = 0; i < vocabulary; i++) {
                logits[i] = 0.01f * order.get(i) - 0.3f;
            }
            int argmax = order.indexOf(vocabulary - 1);
            SamplingSettings cold = SAMPLING.withTemperature(1e-6).withSeed(trial);
            assertThat(draws(cold, logits, 5)).containsOnly(argmax);
            assertThat(draws(cold.withTopK(3).withTopP(0.5), logits, 5)).containsOnly(argmax);
        }
    }

    @Test
    void topKNeverLeavesTheKBestAndDrawsFromTheirRenormalisedSoftmax() {
        float[] logits = randomLogits(new SplittableRandom(3), 12, 3.0);
        int k = 4;
        int[] best = IntStream.range(0, logits.length).boxed()
                .sorted(Comparator.comparingDouble((Integer t) -> -logits[t])).limit(k).mapToInt(Integer::intValue).toArray();
        double[] expected = softmaxOver(logits, best);
        assertThat(new TokenSampler(SAMPLING.withTopK(k)).probabilities(logits)).containsExactly(expected, within(1e-12));

        int n = 40_000;
        int[] counts = new int[logits.length];
        for (int token : draws(SAMPLING.withTopK(k).withSeed(11), logits, n)) {
            counts[token]++;
        }
        for (int t = 0; t < logits.length; t++) {
            double p = expected[t];
            // A count is binomial(n, p): 5 standard deviations is exceeded with probability below 1e-6 per token, so a
            // correct sampler passes for practically every seed; a sampler that skipped the renormalisation or the cut
            // is off by several percent, 10+ deviations at this n.
            double bound = 5 * Math.sqrt(p * (1 - p) / n) + 1.0 / n;
            assertThat((double) counts[t] / n).as("token %d", t).isCloseTo(p, within(bound));
        }
        assertThat(IntStream.range(0, logits.length).filter(t -> counts[t] > 0).toArray()).containsExactlyInAnyOrder(best);
    }

    @Test
    void topKKeepsExactlyKTokensAndBreaksTiesByTheLowerId() {
        float[] logits = {1, 2, 2, 2, 0};
        assertThat(support(new TokenSampler(SAMPLING.withTopK(2)).probabilities(logits))).containsExactly(1, 2);
        assertThat(draws(SAMPLING.withTopK(2), logits, 2000)).containsOnly(1, 2);
        // 0 turns top-k off, and a k above the vocabulary keeps everything.
        assertThat(support(new TokenSampler(SAMPLING.withTopK(0)).probabilities(logits))).hasSize(5);
        assertThat(support(new TokenSampler(SAMPLING.withTopK(99)).probabilities(logits))).hasSize(5);
    }

    @Test
    void topPKeepsTheSmallestPrefixReachingPIncludingAnExactBoundary() {
        float[] even = {0, 0, 0, 0}; // each token has probability exactly 1/4
        assertThat(support(new TokenSampler(SAMPLING.withTopP(0.5)).probabilities(even))).containsExactly(0, 1);
        assertThat(support(new TokenSampler(SAMPLING.withTopP(0.5 + 1e-6)).probabilities(even))).containsExactly(0, 1, 2);
        assertThat(support(new TokenSampler(SAMPLING.withTopP(0.75)).probabilities(even))).containsExactly(0, 1, 2);
        assertThat(support(new TokenSampler(SAMPLING.withTopP(1e-9)).probabilities(even))).containsExactly(0);
        assertThat(support(new TokenSampler(SAMPLING.withTopP(1.0)).probabilities(even))).containsExactly(0, 1, 2, 3);
        assertThat(new TokenSampler(SAMPLING.withTopP(0.5)).probabilities(even)).containsExactly(0.5, 0.5, 0, 0);

        // Ties ranked by id: tokens 1 and 3 share the top logit (mass 0.73 together), 0 and 2 the next.
        float[] tied = {0, 1, 0, 1};
        assertThat(support(new TokenSampler(SAMPLING.withTopP(0.3)).probabilities(tied))).containsExactly(1);
        assertThat(support(new TokenSampler(SAMPLING.withTopP(0.5)).probabilities(tied))).containsExactly(1, 3);
        assertThat(support(new TokenSampler(SAMPLING.withTopP(0.8)).probabilities(tied))).containsExactly(0, 1, 3);
        // A token that cannot be drawn (-Infinity) never enters the nucleus.
        float[] masked = {Float.NEGATIVE_INFINITY, 0, 0};
        assertThat(support(new TokenSampler(SAMPLING.withTopP(0.999)).probabilities(masked))).containsExactly(1, 2);
    }

    @Test
    void topPAgreesWithHuggingFacesCumulativeSumRule() {
        // HF: sort ascending, cumulative sum, drop every token whose cumulative sum is <= 1 - p, keep the top one.
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 500; trial++) {
            float[] logits = randomLogits(random, 2 + random.nextInt(40), 4.0);
            double p = 0.05 + 0.9 * random.nextDouble();
            double[] all = softmaxOver(logits, IntStream.range(0, logits.length).toArray());
            Integer[] ascending = IntStream.range(0, logits.length).boxed().toArray(Integer[]::new);
            Arrays.sort(ascending, Comparator.comparingDouble(t -> all[t]));
            List<Integer> kept = new ArrayList<>();
            double cumulative = 0;
            for (int i = 0; i < ascending.length; i++) {
                cumulative += all[ascending[i]];
                if (cumulative > 1 - p || i == ascending.length - 1) {
                    kept.add(ascending[i]);
                }
            }
            assertThat(support(new TokenSampler(SAMPLING.withTopP(p)).probabilities(logits)))
                    .as("trial %d", trial).containsExactlyInAnyOrder(kept.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    @Test
    void temperatureScalesTheLogitsBeforeAStableSoftmax() {
        double[] p = new TokenSampler(SAMPLING.withTemperature(0.5)).probabilities(new float[] {1, 2, 3});
        double z = Math.exp(2) + Math.exp(4) + Math.exp(6);
        assertThat(p).containsExactly(new double[] {Math.exp(2) / z, Math.exp(4) / z, Math.exp(6) / z}, within(1e-12));
        // exp(1000) overflows a double; the shifted softmax does not.
        double[] extreme = new TokenSampler(SAMPLING).probabilities(new float[] {1000, 999, -1000});
        assertThat(extreme[0]).isCloseTo(1 / (1 + Math.exp(-1)), within(1e-12));
        assertThat(extreme[1]).isCloseTo(Math.exp(-1) / (1 + Math.exp(-1)), within(1e-12));
        assertThat(extreme[2]).isEqualTo(0.0);
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOfSeenTokens() {
        TokenSampler greedy = new TokenSampler(SamplingSettings.greedyDecoding().withRepetitionPenalty(2.0));
        greedy.observe(0);
        assertThat(greedy.next(new float[] {2.0f, 1.5f})).as("2 / 2 = 1 < 1.5").isEqualTo(1);
        assertThat(greedy.next(new float[] {-1.0f, -1.5f, 3f})).as("unseen token 2 keeps 3").isEqualTo(2);
        assertThat(greedy.next(new float[] {-1.0f, -1.5f, 2.5f, 1.5f})).as("seen token 2: 2.5 / 2 = 1.25 < 1.5").isEqualTo(3);
        // Seen negatives are multiplied (-1 becomes -2, -1.2 becomes -2.4), so unseen -1.8 wins; dividing would pick 0.
        assertThat(greedy.next(new float[] {-1.0f, -1.9f, -1.2f, -2.5f, -1.8f})).isEqualTo(4);

        TokenSampler sampler = new TokenSampler(SAMPLING.withRepetitionPenalty(2.0));
        sampler.observe(1, 2);
        double[] p = sampler.probabilities(new float[] {1, 2, -1});
        double z = Math.exp(1) + Math.exp(1) + Math.exp(-2);
        assertThat(p).containsExactly(new double[] {Math.exp(1) / z, Math.exp(1) / z, Math.exp(-2) / z}, within(1e-12));
    }

    @Test
    void logitsThatAllowNoTokenOrAreNotNumbersAreRefused() {
        float[] none = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        assertThatThrownBy(() -> new TokenSampler(SAMPLING).next(none)).hasMessageContaining("every logit is -Infinity");
        assertThatThrownBy(() -> new TokenSampler(SamplingSettings.greedyDecoding()).next(none)).hasMessageContaining("-Infinity");
        assertThatThrownBy(() -> new TokenSampler(SAMPLING).next(new float[] {0, Float.NaN})).hasMessageStartingWith("logits[1] is NaN");
    }
}
