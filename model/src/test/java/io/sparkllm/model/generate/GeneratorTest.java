package io.sparkllm.model.generate;

import io.sparkllm.model.generate.Generation.FinishReason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeneratorTest {
    private static final int END = 0;
    private static final String[] SPELLING = {"", "a", "b", "c", "\n", "xy"};
    private static final Function<int[], String> DECODE =
            ids -> IntStream.of(ids).mapToObj(t -> SPELLING[t]).collect(Collectors.joining());

    /** A peaked bigram model whose greedy chain is 1 -> 2 -> 3 -> 4 -> 5 -> 0 (the end token) -> 1. */
    private static BigramLm chain() {
        float[][] logits = new float[6][6];
        int[] next = {1, 2, 3, 4, 5, 0};
        for (int from = 0; from < 6; from++) {
            logits[from][next[from]] = 5f;
        }
        return new BigramLm(logits);
    }

    private static final SamplingSettings GREEDY = SamplingSettings.greedyDecoding();

    @Test
    void maxTokensEndsAfterExactlyThatManyTokensWithoutAnExtraForwardPass() {
        BigramLm model = chain();
        Generation g = new Generator(model, DECODE).generate(new int[] {1}, GREEDY.withMaxNewTokens(3));
        assertThat(g.tokens()).containsExactly(2, 3, 4);
        assertThat(g.finishReason()).isEqualTo(FinishReason.MAX_TOKENS);
        assertThat(g.steps()).isEqualTo(3);
        assertThat(g.text()).isEqualTo("bc\n");
        // The whole prompt first, then one token per step, none after the last token.
        assertThat(model.appends).containsExactly(new int[] {1}, new int[] {2}, new int[] {3});
        assertThat(model.opened).isEqualTo(1);
        assertThat(model.closed).isEqualTo(1);
    }

    @Test
    void aStopTokenEndsGenerationAndIsLeftOutOfTheTokens() {
        BigramLm model = chain();
        Generation g = new Generator(model, DECODE).generate(new int[] {1}, GREEDY.withStopTokenIds(END));
        assertThat(g.tokens()).containsExactly(2, 3, 4, 5);
        assertThat(g.finishReason()).isEqualTo(FinishReason.STOP_TOKEN);
        assertThat(g.steps()).isEqualTo(5);
        assertThat(g.text()).isEqualTo("bc\nxy");
        assertThat(model.appends).hasSize(5);
        assertThat(model.closed).isEqualTo(1);
    }

    @Test
    void aStopSequenceAcrossTokensEndsGenerationAndIsCutFromTheText() {
        Generator generator = new Generator(chain(), DECODE);
        Generation g = generator.generate(new int[] {1}, GREEDY.withStopSequences("c\nx").withStopTokenIds(END));
        assertThat(g.finishReason()).isEqualTo(FinishReason.STOP_SEQUENCE);
        assertThat(g.tokens()).containsExactly(2, 3, 4, 5);
        assertThat(g.steps()).isEqualTo(4);
        assertThat(g.text()).isEqualTo("b");

        // Of several stop sequences the earliest in the text wins, even one at the very start.
        Generation first = generator.generate(new int[] {4}, GREEDY.withStopSequences("y", "x"));
        assertThat(first.finishReason()).isEqualTo(FinishReason.STOP_SEQUENCE);
        assertThat(first.text()).isEmpty();
        assertThat(first.tokens()).containsExactly(5);
    }

    @Test
    void stopSequencesAreLookedForInTheGeneratedTextOnly() {
        // The prompt "bc\n" holds the stop sequence; the output "xy" does not.
        Generation g = new Generator(chain(), DECODE)
                .generate(new int[] {2, 3, 4}, GREEDY.withStopSequences("\n").withStopTokenIds(END));
        assertThat(g.finishReason()).isEqualTo(FinishReason.STOP_TOKEN);
        assertThat(g.text()).isEqualTo("xy");
    }

    @Test
    void aTinyTemperatureFollowsTheGreedyChain() {
        SamplingSettings cold = SamplingSettings.defaults().withTemperature(1e-4).withMaxNewTokens(12).withSeed(3);
        Generation sampled = new Generator(chain(), DECODE).generate(new int[] {1}, cold);
        Generation greedy = new Generator(chain(), DECODE).generate(new int[] {1}, GREEDY.withMaxNewTokens(12));
        assertThat(sampled).isEqualTo(greedy);
        assertThat(greedy.tokens()).containsExactly(2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0, 1);
    }

    @Test
    void theSameSeedRepeatsABatchAndAnotherSeedChangesEveryGeneration() {
        BigramLm model = BigramLm.random(20, 1.0, 4); // nearly flat: about 20 likely tokens a step
        List<int[]> prompts = List.of(new int[] {1, 2}, new int[] {3}, new int[] {4, 5, 6}, new int[] {7}, new int[] {1, 2});
        SamplingSettings settings = SamplingSettings.defaults().withSeed(7).withMaxNewTokens(40).withTopK(15).withTopP(0.95);
        Generator generator = new Generator(model);
        List<Generation> first = generator.generate(prompts, settings);
        assertThat(generator.generate(prompts, settings)).isEqualTo(first);
        List<Generation> other = generator.generate(prompts, settings.withSeed(8));
        for (int i = 0; i < prompts.size(); i++) {
            assertThat(other.get(i).tokens()).isNotEqualTo(first.get(i).tokens());
        }
        // Prompts 0 and 4 are equal but have their own seeds, so their samples differ.
        assertThat(first.get(4).tokens()).isNotEqualTo(first.get(0).tokens());
        assertThat(first).allSatisfy(g -> assertThat(g.text()).isNull());
    }

    @Test
    void aPromptsGenerationDependsOnItsIndexNotOnTheBatchAroundIt() {
        BigramLm model = BigramLm.random(20, 1.0, 5);
        SamplingSettings settings = SamplingSettings.defaults().withSeed(11).withMaxNewTokens(30);
        Generator generator = new Generator(model);
        List<int[]> prompts = List.of(new int[] {1}, new int[] {2}, new int[] {3});
        List<Generation> batch = generator.generate(prompts, settings);

        // Run one at a time, last first, as separate partitions might.
        List<Generation> single = new ArrayList<>(List.of(batch.get(0), batch.get(0), batch.get(0)));
        for (int i = 2; i >= 0; i--) {
            single.set(i, generator.generate(prompts.get(i), i, settings));
        }
        assertThat(single).isEqualTo(batch);
        assertThat(generator.generate(prompts.get(0), settings)).isEqualTo(batch.get(0));

        List<Generation> changed = generator.generate(List.of(new int[] {1}, new int[] {9, 9}, new int[] {3}), settings);
        assertThat(changed.get(0)).isEqualTo(batch.get(0));
        assertThat(changed.get(2)).isEqualTo(batch.get(2));
        assertThat(model.opened).isEqualTo(model.closed);
    }

    @Test
    void misuseIsRefusedWithOneLine() {
        assertThatThrownBy(() -> new Generator(chain(), DECODE).generate(new int[0], GREEDY))
                .hasMessage("prompt must hold at least one token");
        assertThatThrownBy(() -> new Generator(chain()).generate(new int[] {1}, GREEDY.withStopSequences("\n")))
                .hasMessageStartingWith("stopSequences need a detokenizer");
        BigramLm lying = new BigramLm(chain().logits) {
            @Override
            public int vocabularySize() {
                return 7;
            }
        };
        assertThatThrownBy(() -> new Generator(lying).generate(new int[] {1}, GREEDY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the model returned 6 logits for a vocabulary of 7");
        assertThat(lying.closed).as("the session is closed on failure too").isEqualTo(1);
    }
}
