package io.sparkllm.model.zoo;

import io.sparkllm.model.generate.BeamSearch;
import io.sparkllm.model.generate.BeamSettings;
import io.sparkllm.model.generate.Hypothesis;
import io.sparkllm.model.generate.Seq2SeqLm;
import io.sparkllm.model.layers.Nonlinearity;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CachedTranslatorTest {
    private static final int START = 1;
    private static final int END = 2;

    /**
     * A decode as beam search drives one: beams that branch from one parent, come back reordered,
     * get pruned and shrink in number, a prefix whose parent was never seen (computed afresh), and
     * a call repeated (its parents are two calls old).
     */
    private static final int[][][] STEPS = {
            {{1}},
            {{1, 4}, {1, 6}, {1, 8}},
            {{1, 6, 3}, {1, 4, 9}, {1, 6, 10}},
            {{1, 6, 10, 2}, {1, 4, 9, 5}},
            {{1, 4, 9, 5, 7}, {1, 6, 10, 2, 0}, {1, 6, 10, 2, 5}, {1, 8, 8, 8, 8}},
            {{1, 8, 8, 8, 8, 3}, {1, 4, 9, 5, 7, 7}},
            {{1, 8, 8, 8, 8, 3}, {1, 4, 9, 5, 7, 7}},
            {{1, 4, 9, 5, 7, 7, 0}},
    };

    /** Shared vocabulary; separate ones (13 target tokens) with the head tied to the target table; separate and untied, with dropout. */
    static Stream<ModelSpec> specs() {
        return Stream.of(TinySpecs.of(Family.TRANSFORMER, 2),
                spec(13, true, 0),
                spec(13, false, 0.1));
    }

    static Stream<Arguments> specsAndTypes() {
        return specs().flatMap(s -> Stream.of(Arguments.of(s, DataType.DOUBLE), Arguments.of(s, DataType.FLOAT)));
    }

    private static ModelSpec spec(int targetVocab, boolean tied, double dropout) {
        return new ModelSpec(Family.TRANSFORMER, TinySpecs.VOCAB, 8, 8, 2, 2, 12, 1e-5, Nonlinearity.RELU, tied, dropout,
                0.5, 10000, 0, targetVocab);
    }

    private static ComputationGraph graph(ModelSpec spec, long seed, DataType type) {
        Nd4j.setDefaultDataTypes(type, type);
        return ModelGraphs.create(spec, seed, type);
    }

    @ParameterizedTest
    @MethodSource("specsAndTypes")
    void everyStepGivesTheFullGraphsLogProbabilities(ModelSpec spec, DataType type) {
        ComputationGraph graph = graph(spec, 29, type);
        TransformerTranslator full = new TransformerTranslator(graph);
        CachedTranslator cached = new CachedTranslator(graph, spec);
        int[] source = {5, 7, 3, 9, 4};
        Seq2SeqLm.EncodedSource fullSource = full.encode(source);
        Seq2SeqLm.EncodedSource cachedSource = cached.encode(source);
        double tolerance = type == DataType.DOUBLE ? 1e-9 : 1e-4;
        for (int s = 0; s < STEPS.length; s++) {
            int[][] prefixes = STEPS[s];
            INDArray expected = full.logits(fullSource, prefixes);
            INDArray actual = cached.logits(cachedSource, prefixes);
            assertThat(actual.shape()).containsExactly(prefixes.length, spec.outputVocabSize());
            for (int r = 0; r < prefixes.length; r++) {
                for (int v = 0; v < spec.outputVocabSize(); v++) {
                    assertThat(actual.getDouble(r, v)).as("step %d row %d token %d", s, r, v)
                            .isCloseTo(expected.getDouble(r, v), within(tolerance));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("specsAndTypes")
    void logProbabilitiesMatchTheFullGraphsAfterTheirSoftmax(ModelSpec spec, DataType type) {
        ComputationGraph graph = graph(spec, 31, type);
        Seq2SeqLm full = new TransformerTranslator(graph);
        Seq2SeqLm cached = new CachedTranslator(graph, spec);
        int[] source = {3, 3, 10};
        Seq2SeqLm.EncodedSource fullSource = full.encode(source);
        Seq2SeqLm.EncodedSource cachedSource = cached.encode(source);
        for (int[][] prefixes : STEPS) {
            float[][] expected = full.nextLogProbabilities(fullSource, prefixes);
            float[][] actual = cached.nextLogProbabilities(cachedSource, prefixes);
            for (int r = 0; r < prefixes.length; r++) {
                for (int v = 0; v < expected[r].length; v++) {
                    assertThat(actual[r][v]).isCloseTo(expected[r][v], within(1e-4f));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("specsAndTypes")
    void beamSearchFindsTheSameHypothesesAsWithTheFullGraph(ModelSpec spec, DataType type) {
        Random random = new Random(7);
        double tolerance = type == DataType.DOUBLE ? 1e-6 : 1e-4;
        for (long seed = 0; seed < 3; seed++) {
            ComputationGraph graph = graph(spec, 40 + seed, type);
            BeamSettings settings = BeamSettings.of(3, 9, START, END).withNBest(3).withLengthPenalty(0.6);
            BeamSearch full = new BeamSearch(new TransformerTranslator(graph), settings);
            BeamSearch cached = new BeamSearch(new CachedTranslator(graph, spec), settings);
            for (int n = 0; n < 3; n++) {
                int[] source = random.ints(2 + random.nextInt(8), 0, spec.vocabSize()).toArray();
                List<Hypothesis> expected = full.search(source);
                List<Hypothesis> actual = cached.search(source);
                assertThat(actual).hasSameSizeAs(expected);
                for (int i = 0; i < expected.size(); i++) {
                    assertThat(actual.get(i).tokens()).containsExactly(expected.get(i).tokens());
                    assertThat(actual.get(i).ended()).isEqualTo(expected.get(i).ended());
                    assertThat(actual.get(i).score()).isCloseTo(expected.get(i).score(), within(tolerance));
                    assertThat(actual.get(i).logProbability()).isCloseTo(expected.get(i).logProbability(), within(tolerance));
                }
            }
        }
    }

    @Test
    void aStepReadsItsPrefixFromTheCacheAndTheCacheKeepsTwoSteps() {
        ModelSpec spec = TinySpecs.of(Family.TRANSFORMER, 2);
        ComputationGraph graph = graph(spec, 37, DataType.DOUBLE);
        TransformerTranslator full = new TransformerTranslator(graph);
        CachedTranslator cached = new CachedTranslator(graph, spec);
        int[] source = {4, 8, 2};
        CachedTranslator.Encoded encoded = (CachedTranslator.Encoded) cached.encode(source);
        PrefixCache cache = encoded.cache();
        cached.logits(encoded, new int[][] {{1}});
        cached.logits(encoded, new int[][] {{1, 4}, {1, 6}});
        // Pass [1, 6]'s keys and values off as [1, 4]'s: what comes out is [1, 6, 9]'s, so the step read them.
        cache.put(new int[] {1, 4}, cache.find(new int[] {1, 6}, 2));
        INDArray read = cached.logits(encoded, new int[][] {{1, 4, 9}});
        INDArray expected = full.logits(full.encode(source), new int[][] {{1, 6, 9}});
        assertThat(read.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-9);
        assertThat(cache.find(new int[] {1, 4, 9}, 3)).isNotNull();
        assertThat(cache.find(new int[] {1, 6}, 2)).isNotNull();
        assertThat(cache.find(new int[] {1}, 1)).as("two steps old").isNull();
    }

    @Test
    void aGraphThatIsNotAnEncoderDecoderIsRefusedInOneLine() {
        ModelSpec gpt2 = TinySpecs.of(Family.GPT2, 1);
        ComputationGraph decoderOnly = ModelGraphs.create(gpt2, 1, DataType.FLOAT);
        assertThatThrownBy(() -> new CachedTranslator(decoderOnly, gpt2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gpt2 is not an encoder-decoder model");
        assertThatThrownBy(() -> new CachedTranslator(decoderOnly, TinySpecs.of(Family.TRANSFORMER, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an encoder-decoder graph: it has no 'source' input");
    }
}
