package io.sparkllm.model.zoo;

import io.sparkllm.model.generate.CausalLm;
import io.sparkllm.model.generate.DecoderSession;
import io.sparkllm.model.layers.LmHead;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * Decoding without a cache: every step runs the whole sequence through the graph again. The
 * reference {@link KvCacheDecoder} is checked against, and the baseline of the generation
 * benchmark.
 */
public final class RecomputingDecoder implements CausalLm {
    private final ComputationGraph graph;

    public RecomputingDecoder(ComputationGraph graph) {
        this.graph = graph;
    }

    /** Logits [time, vocab] of a whole sequence. */
    public INDArray logits(int[] tokens) {
        double[] ids = Arrays.stream(tokens).asDoubleStream().toArray();
        INDArray input = Nd4j.createFromArray(ids).castTo(graph.getConfiguration().getDataType()).reshape(1, 1, tokens.length);
        return Logits.of(graph, input).get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all()).dup();
    }

    @Override
    public int vocabularySize() {
        return (int) ((LmHead) graph.getConfiguration().getVertices().get(GraphNames.HEAD)).getVocabulary();
    }

    @Override
    public DecoderSession open() {
        return new DecoderSession() {
            private int[] sequence = new int[0];

            @Override
            public float[] append(int[] tokens) {
                int[] longer = Arrays.copyOf(sequence, sequence.length + tokens.length);
                System.arraycopy(tokens, 0, longer, sequence.length, tokens.length);
                sequence = longer;
                INDArray all = logits(sequence);
                return all.getRow(sequence.length - 1).castTo(DataType.FLOAT).toFloatVector();
            }
        };
    }
}
