package io.sparkllm.model.zoo;

import io.sparkllm.model.generate.Seq2SeqLm;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The encoder-decoder graph as a {@link Seq2SeqLm} for beam search: each call runs the prefixes
 * as one batch, the source repeated beside each. The encoder is recomputed per call, the price
 * of a graph that takes source and target together; decoding cost grows with length², fine for
 * sentence-level translation.
 */
public final class TransformerTranslator implements Seq2SeqLm {
    private final ComputationGraph graph;

    public TransformerTranslator(ComputationGraph graph) {
        if (!graph.getConfiguration().getNetworkInputs().contains(GraphNames.SOURCE)) {
            throw new IllegalArgumentException("not an encoder-decoder graph: it has no '" + GraphNames.SOURCE + "' input");
        }
        this.graph = graph;
    }

    private record Source(int[] ids) implements EncodedSource {
    }

    @Override
    public EncodedSource encode(int[] source) {
        return new Source(source.clone());
    }

    @Override
    public float[][] nextLogProbabilities(EncodedSource encoded, int[][] prefixes) {
        double[][] logits = logits(encoded, prefixes).toDoubleMatrix();
        float[][] out = new float[prefixes.length][];
        for (int r = 0; r < out.length; r++) {
            out[r] = logSoftmax(logits[r]);
        }
        return out;
    }

    /** The logits [prefixes.length, vocab] of the token after each prefix. */
    INDArray logits(EncodedSource encoded, int[][] prefixes) {
        int[] source = ((Source) encoded).ids();
        int rows = prefixes.length;
        int time = prefixes[0].length;
        DataType type = graph.getConfiguration().getDataType();
        INDArray sources = Nd4j.create(type, rows, 1, source.length);
        INDArray targets = Nd4j.create(type, rows, 1, time);
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < source.length; s++) {
                sources.putScalar(new int[] {r, 0, s}, source[s]);
            }
            for (int t = 0; t < time; t++) {
                targets.putScalar(new int[] {r, 0, t}, prefixes[r][t]);
            }
        }
        return Logits.of(graph, sources, targets).get(NDArrayIndex.all(), NDArrayIndex.point(time - 1), NDArrayIndex.all());
    }

    static float[] logSoftmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (double l : logits) {
            sum += Math.exp(l - max);
        }
        double log = max + Math.log(sum);
        float[] out = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = (float) (logits[i] - log);
        }
        return out;
    }
}
