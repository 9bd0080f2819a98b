package io.sparkllm.model.generate;

import io.sparkllm.model.generate.BeamSettings.Stopping;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BeamSearchTest {
    private static final int[] SOURCE = {7, 8, 9};

    private static List<Hypothesis> search(MarkovSeq2Seq model, BeamSettings settings) {
        return new BeamSearch(model, settings).search(SOURCE);
    }

    private static BeamSettings settings(MarkovSeq2Seq model, int width, int maxLength, double lengthPenalty) {
        return BeamSettings.of(width, maxLength, model.startToken(), MarkovSeq2Seq.END).withLengthPenalty(lengthPenalty);
    }

    private static void assertSameHypothesis(Hypothesis actual, Hypothesis expected) {
        assertThat(actual.tokens()).isEqualTo(expected.tokens());
        assertThat(actual.ended()).isEqualTo(expected.ended());
        assertThat(actual.logProbability()).isCloseTo(expected.logProbability(), within(1e-9));
        assertThat(actual.score()).isCloseTo(expected.score(), within(1e-9));
    }

    @Test
    void widthOneIsGreedyDecoding() {
        for (long seed = 0; seed < 100; seed++) {
            // endBias 1.5 makes some greedy paths end early and others run into maxLength.
            MarkovSeq2Seq model = MarkovSeq2Seq.random(6, 3.0, 1.5, seed);
            for (Stopping stopping : Stopping.values()) {
                Hypothesis beam = search(model, settings(model, 1, 10, 0.0).withStopping(stopping)).get(0);
                assertSameHypothesis(beam, model.greedy(10, 0.0));
            }
            // Stopping as soon as one hypothesis ends is greedy whatever the length penalty.
            for (double alpha : new double[] {0.5, 1.0, 2.0}) {
                BeamSettings s = settings(model, 1, 10, alpha).withStopping(Stopping.WHEN_WIDTH_FINISHED);
                assertSameHypothesis(search(model, s).get(0), model.greedy(10, alpha));
            }
        }
    }

    @Test
    void beamFindsTheBetterSequenceGreedyMisses() {
        // Token 1 is the most likely first token, but after it everything is even (0.25 each); after token 2 the end
        // token has 0.9. Greedy: [1] then the end token (lowest id among the ties), 0.5 * 0.25 = 0.125. Best: [2], 0.36.
        double[] after1 = {0.25, 0.25, 0.25, 0.25, 0};
        double[] after2 = {0.9, 0.05, 0.025, 0.025, 0};
        double[] after3 = {0.5, 0.2, 0.2, 0.1, 0};
        double[] first = {0.1, 0.5, 0.4, 0.0, 0};
        MarkovSeq2Seq model = MarkovSeq2Seq.ofProbabilities(new double[][] {after3, after1, after2, after3, first});
        Hypothesis greedy = model.greedy(5, 0.0);
        assertThat(greedy.tokens()).containsExactly(1);
        assertThat(greedy.logProbability()).isCloseTo(Math.log(0.125), within(1e-6));

        Hypothesis beam = search(model, settings(model, 2, 5, 0.0)).get(0);
        assertThat(beam.tokens()).containsExactly(2);
        assertThat(beam.ended()).isTrue();
        assertThat(beam.logProbability()).isCloseTo(Math.log(0.36), within(1e-6));
        assertThat(beam.score()).isGreaterThan(greedy.score());
        assertSameHypothesis(beam, model.exhaustive(5, 0.0).get(0));
        assertSameHypothesis(search(model, settings(model, 1, 5, 0.0)).get(0), greedy);
    }

    @Test
    void aWideEnoughBeamIsExhaustiveSearch() {
        // 3 ordinary tokens, length 4: at most 27 running beams and 108 extensions a step, so width 128 prunes nothing
        // and the n-best must be the exhaustive top 10, under every length penalty.
        for (double alpha : new double[] {0.0, 0.6, 1.0, 2.0, -0.5}) {
            for (long seed = 0; seed < 20; seed++) {
                MarkovSeq2Seq model = MarkovSeq2Seq.random(5, 2.0, 0.0, seed);
                List<Hypothesis> beam = search(model, settings(model, 128, 4, alpha).withNBest(10));
                List<Hypothesis> exhaustive = model.exhaustive(4, alpha);
                assertThat(beam).hasSize(10).doesNotHaveDuplicates();
                for (int i = 0; i < 10; i++) {
                    // A Markov model gives reordered sequences ([2, 3, 2, 2] and [2, 2, 3, 2]) the same probability,
                    // so equal scores may come in either order: compare the scores by rank, the sequences by membership.
                    Hypothesis h = beam.get(i);
                    assertThat(h.score()).isCloseTo(exhaustive.get(i).score(), within(1e-9));
                    assertThat(exhaustive).anySatisfy(e -> assertSameHypothesis(h, e));
                }
            }
        }
    }

    @Test
    void stoppingWhenUnbeatableGivesWhatRunningToMaxLengthGives() {
        int callsUnbeatable = 0;
        int callsToMaxLength = 0;
        for (double alpha : new double[] {0.0, 1.0, 2.0, -0.5}) {
            for (int width = 2; width <= 4; width++) {
                for (long seed = 0; seed < 15; seed++) {
                    MarkovSeq2Seq early = MarkovSeq2Seq.random(8, 3.0, 1.0, seed);
                    MarkovSeq2Seq full = MarkovSeq2Seq.random(8, 3.0, 1.0, seed);
                    BeamSettings s = settings(early, width, 12, alpha).withNBest(width);
                    assertThat(search(early, s))
                            .as("alpha %s width %d seed %d", alpha, width, seed)
                            .isEqualTo(search(full, s.withStopping(Stopping.AT_MAX_LENGTH)));
                    assertThat(full.calls).hasSize(12);
                    if (alpha <= 0) {
                        callsUnbeatable += early.calls.size();
                        callsToMaxLength += full.calls.size();
                    }
                }
            }
        }
        // Without a length bonus the bound is a running beam's own log-probability, which falls below the ended
        // hypotheses within a few steps here (about 3 of 12). With alpha > 0 the bound assumes the full 12 tokens and
        // rarely stops early: that is the price of exactness.
        assertThat(callsUnbeatable).as("the bound must actually stop searches early").isLessThan(callsToMaxLength / 3);
    }

    @Test
    void stoppingWhenWidthFinishedEndsOnceWidthHypothesesHaveEnded() {
        // Step 1 ends [] (0.7) and keeps [1] and [2]; step 2 ends [1] (0.18) and [2] (0.09): 3 ended, width 2, stop.
        double[] first = {0.7, 0.2, 0.1, 0.0, 0};
        double[] later = {0.9, 0.05, 0.05, 0.0, 0};
        MarkovSeq2Seq model = MarkovSeq2Seq.ofProbabilities(new double[][] {later, later, later, later, first});
        List<Hypothesis> best = search(model, settings(model, 2, 10, 0.0).withNBest(2).withStopping(Stopping.WHEN_WIDTH_FINISHED));
        assertThat(model.calls).hasSize(2);
        assertThat(best).extracting(Hypothesis::length).containsExactly(1, 2);
        assertThat(best.get(0).tokens()).isEmpty();
        assertThat(best.get(1).tokens()).containsExactly(1);
        assertThat(best.get(1).logProbability()).isCloseTo(Math.log(0.18), within(1e-6));
    }

    @Test
    void anEndTokenRankedBelowTheWidthFinishesNothing() {
        // HF's rule: of the 2 * width candidates only the first width may finish a hypothesis. Step 2 ranks
        // [1]+end 0.3, [1, 1] 0.27, [2]+end 0.24, [2, 1] 0.16: [2]+end is dropped though it beats everything after.
        // Step 3 ends [1, 1] (0.135) at rank 0 and [2, 1] (0.08) at rank 2, dropped again.
        double[] after1 = {0.5, 0.45, 0.05, 0};
        double[] after2 = {0.6, 0.4, 0, 0};
        double[] start = {0, 0.6, 0.4, 0};
        MarkovSeq2Seq model = MarkovSeq2Seq.ofProbabilities(new double[][] {after1, after1, after2, start});
        List<Hypothesis> best = search(model, settings(model, 2, 3, 0.0).withNBest(2));
        assertThat(best.get(0).tokens()).containsExactly(1);
        assertThat(best.get(1).tokens()).containsExactly(1, 1);
        assertThat(best).allSatisfy(h -> assertThat(h.ended()).isTrue());
        assertThat(best.get(1).logProbability()).isCloseTo(Math.log(0.135), within(1e-6));
    }

    @Test
    void beamsRunningAtMaxLengthCompeteEvenWhenTheBoundSaysStop() {
        // alpha -1 (score = logProbability * length). At step 2 = maxLength the pool holds [] (-0.69) and [2]+end
        // (2 ln 0.16 = -3.67); the running [1, 1] could not beat that as a 3-token output (3 ln 0.18 = -5.14), but it
        // stops here as a 2-token one, 2 ln 0.18 = -3.43, and takes second place.
        double[] after1 = {0.4, 0.6, 0, 0};
        double[] after2 = {0.8, 0.2, 0, 0};
        double[] start = {0.5, 0.3, 0.2, 0};
        MarkovSeq2Seq model = MarkovSeq2Seq.ofProbabilities(new double[][] {after1, after1, after2, start});
        List<Hypothesis> best = search(model, settings(model, 2, 2, -1.0).withNBest(2));
        assertThat(best.get(0).tokens()).isEmpty();
        assertThat(best.get(1).tokens()).containsExactly(1, 1);
        assertThat(best.get(1).ended()).isFalse();
        assertThat(best.get(1).score()).isCloseTo(2 * Math.log(0.18), within(1e-6));
    }

    @Test
    void aLengthBonusLetsALongBeamOvertakeAnEndedOne() {
        // [] ends at once with 0.9 (score -0.105). [2] starts at 0.1 but repeats itself with 0.99: at alpha 1 forty
        // tokens of it score (ln 0.1 + 39 ln 0.99) / 40 = -0.067. The bound must assume the full 40 tokens to see that
        // coming; assuming one more token (-2.31 / 2) would stop at step 1 with [].
        double[] start = {0.9, 0.0, 0.1, 0};
        double[] loop = {0.01, 0.0, 0.99, 0};
        MarkovSeq2Seq model = MarkovSeq2Seq.ofProbabilities(new double[][] {loop, loop, loop, start});
        Hypothesis best = search(model, settings(model, 1, 40, 1.0)).get(0);
        assertThat(best.ended()).isFalse();
        assertThat(best.tokens()).hasSize(40).containsOnly(2);
        assertThat(best.score()).isCloseTo((Math.log(0.1) + 39 * Math.log(0.99)) / 40, within(1e-6));
        // Without the bonus the short output wins, and width 1 is greedy again.
        Hypothesis plain = search(model, settings(model, 1, 40, 0.0)).get(0);
        assertThat(plain.tokens()).isEmpty();
        assertThat(plain.ended()).isTrue();
    }

    @Test
    void beamsStillRunningAtMaxLengthAreReturnedUnended() {
        // The end token is impossible: every hypothesis runs to maxLength.
        double[] row = {0.0, 0.6, 0.4, 0};
        MarkovSeq2Seq model = MarkovSeq2Seq.ofProbabilities(new double[][] {row, row, row, row});
        List<Hypothesis> best = search(model, settings(model, 3, 3, 1.0).withNBest(3));
        assertThat(best).allSatisfy(h -> {
            assertThat(h.ended()).isFalse();
            assertThat(h.tokens()).hasSize(3);
        });
        assertThat(best.get(0).tokens()).containsExactly(1, 1, 1);
        assertThat(best.get(0).score()).isCloseTo(3 * Math.log(0.6) / 3, within(1e-6));
        assertThat(best).extracting(Hypothesis::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void theModelSeesOneEncodingAndPrefixesThatStartWithTheStartToken() {
        MarkovSeq2Seq model = MarkovSeq2Seq.random(6, 3.0, 0.0, 3);
        search(model, settings(model, 3, 6, 1.0));
        assertThat(model.encodes).isEqualTo(1);
        for (int step = 0; step < model.calls.size(); step++) {
            int[][] prefixes = model.calls.get(step);
            assertThat(prefixes.length).isBetween(1, 3);
            for (int[] prefix : prefixes) {
                assertThat(prefix).hasSize(step + 1);
                assertThat(prefix[0]).isEqualTo(model.startToken());
            }
        }
    }

    @Test
    void invalidSettingsAreOneLineErrorsNamingTheSetting() {
        assertThatThrownBy(() -> BeamSettings.of(0, 5, 1, 0)).hasMessageStartingWith("width must be >= 1");
        assertThatThrownBy(() -> BeamSettings.of(2, 0, 1, 0)).hasMessageStartingWith("maxLength must be >= 1");
        assertThatThrownBy(() -> BeamSettings.of(2, 5, 1, 0).withNBest(3)).hasMessageStartingWith("nBest must be in [1, width=2]");
        assertThatThrownBy(() -> BeamSettings.of(2, 5, 1, 0).withLengthPenalty(Double.NaN)).hasMessageStartingWith("lengthPenalty must be finite");
    }
}
