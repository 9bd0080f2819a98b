package io.sparkllm.model.zoo;

import io.sparkllm.model.generate.BeamSearch;
import io.sparkllm.model.generate.BeamSettings;
import io.sparkllm.model.generate.Hypothesis;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TransformerTranslatorTest {
    private static final int START = 1;
    private static final int END = 2;

    /** log P(hypothesis | source) by one teacher-forced pass over the whole hypothesis. */
    private static double teacherForcedLogProbability(ComputationGraph graph, int[] source, int[] hypothesis) {
        int time = hypothesis.length;
        INDArray sources = Nd4j.create(DataType.DOUBLE, 1, 1, source.length);
        for (int s = 0; s < source.length; s++) {
            sources.putScalar(new int[] {0, 0, s}, source[s]);
        }
        INDArray inputs = Nd4j.create(DataType.DOUBLE, 1, 1, time);
        inputs.putScalar(new int[] {0, 0, 0}, START);
        for (int t = 1; t < time; t++) {
            inputs.putScalar(new int[] {0, 0, t}, hypothesis[t - 1]);
        }
        INDArray logits = Logits.of(graph, sources, inputs);
        double total = 0;
        for (int t = 0; t < time; t++) {
            total += TransformerTranslator.logSoftmax(logits.get(NDArrayIndex.point(0), NDArrayIndex.point(t), NDArrayIndex.all()).toDoubleVector())[hypothesis[t]];
        }
        return total;
    }

    @Test
    void beamHypothesesScoreWhatTheModelGivesTheWholeSequence() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        ComputationGraph graph = ModelGraphs.create(TinySpecs.of(Family.TRANSFORMER, 2), 13, DataType.DOUBLE);
        int[] source = {5, 7, 3, 9};
        List<Hypothesis> best = new BeamSearch(new TransformerTranslator(graph),
                BeamSettings.of(3, 7, START, END).withNBest(3)).search(source);
        assertThat(best).hasSize(3);
        for (Hypothesis h : best) {
            int[] scored = h.ended() ? java.util.stream.IntStream.concat(java.util.Arrays.stream(h.tokens()),
                    java.util.stream.IntStream.of(END)).toArray() : h.tokens();
            assertThat(h.logProbability()).isCloseTo(teacherForcedLogProbability(graph, source, scored), within(1e-4));
        }
        assertThat(best.get(0).score()).isGreaterThanOrEqualTo(best.get(1).score());
    }
}
