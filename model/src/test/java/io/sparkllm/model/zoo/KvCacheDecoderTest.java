package io.sparkllm.model.zoo;

import io.sparkllm.model.generate.DecoderSession;
import io.sparkllm.model.generate.Generation;
import io.sparkllm.model.generate.Generator;
import io.sparkllm.model.generate.SamplingSettings;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class KvCacheDecoderTest {
    private static final int[] SEQUENCE = {3, 9, 1, 4, 4, 7, 0, 10};

    @ParameterizedTest
    @EnumSource(value = Family.class, names = {"GPT", "GPT2", "BLOOM", "LLAMA"})
    void cachedStepsGiveTheGraphsLogitsAtEveryPosition(Family family) {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        ModelSpec spec = TinySpecs.of(family, 2);
        ComputationGraph graph = ModelGraphs.create(spec, 17, DataType.DOUBLE);
        INDArray full = new RecomputingDecoder(graph).logits(SEQUENCE);
        KvCacheDecoder decoder = new KvCacheDecoder(graph, spec);
        try (DecoderSession session = decoder.open()) {
            // A three-token prompt, then one token per step.
            float[] logits = session.append(new int[] {SEQUENCE[0], SEQUENCE[1], SEQUENCE[2]});
            assertColumn(logits, full, 2);
            for (int t = 3; t < SEQUENCE.length; t++) {
                assertColumn(session.append(new int[] {SEQUENCE[t]}), full, t);
            }
        }
    }

    @Test
    void groupedQueryLlamaCachesItsKeyValueHeadsAndMatchesTheGraph() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        ModelSpec spec = TinySpecs.groupedLlama(2);
        ComputationGraph graph = ModelGraphs.create(spec, 19, DataType.DOUBLE);
        INDArray full = new RecomputingDecoder(graph).logits(SEQUENCE);
        try (DecoderSession session = new KvCacheDecoder(graph, spec).open()) {
            assertColumn(session.append(new int[] {SEQUENCE[0], SEQUENCE[1]}), full, 1);
            for (int t = 2; t < SEQUENCE.length; t++) {
                assertColumn(session.append(new int[] {SEQUENCE[t]}), full, t);
            }
        }
    }

    private static void assertColumn(float[] logits, INDArray full, int t) {
        assertThat(logits).hasSize((int) full.size(1));
        for (int v = 0; v < logits.length; v++) {
            assertThat((double) logits[v]).as("position %d token %d", t, v).isCloseTo(full.getDouble(t, v), within(1e-5));
        }
    }

    @Test
    void greedyGenerationIsTheSameWithAndWithoutTheCache() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ModelSpec spec = TinySpecs.of(Family.LLAMA, 2);
        ComputationGraph graph = ModelGraphs.create(spec, 23, DataType.FLOAT);
        SamplingSettings greedy = SamplingSettings.greedyDecoding().withMaxNewTokens(5);
        int[] prompt = {1, 2, 3};
        Generation cached = new Generator(new KvCacheDecoder(graph, spec)).generate(prompt, greedy);
        Generation recomputed = new Generator(new RecomputingDecoder(graph)).generate(prompt, greedy);
        assertThat(cached.tokens()).hasSize(5).containsExactly(recomputed.tokens());
    }

    @Test
    void sequencesBeyondTheLearnedPositionsAreRefusedInOneLine() {
        ModelSpec spec = TinySpecs.of(Family.GPT2, 1);
        KvCacheDecoder decoder = new KvCacheDecoder(ModelGraphs.create(spec, 1, DataType.FLOAT), spec);
        try (DecoderSession session = decoder.open()) {
            session.append(new int[] {1, 2, 3, 4, 5, 6, 7, 8});
            assertThatThrownBy(() -> session.append(new int[] {1}))
                    .hasMessage("sequence of 9 tokens exceeds the model's 8 positions");
        }
    }
}
