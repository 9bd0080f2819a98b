package io.sparkllm.model.zoo;

import io.sparkllm.model.generate.Seq2SeqLm;
import io.sparkllm.model.layers.Matmul;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * The encoder-decoder as a {@link Seq2SeqLm} with key/value caches, in plain ND4J ops on the
 * graph's parameters (as {@link KvCacheDecoder} is for the decoder-only families). {@link #encode}
 * runs the encoder once and keeps each decoder layer's cross-attention keys and values of the
 * source; each {@link #nextLogProbabilities} call then runs only the newest token of every
 * prefix, over the keys and values its prefix cached the step before. A step costs O(length)
 * where {@link TransformerTranslator}, the graph itself and the reference this is tested
 * against, pays for the encoder and the whole prefix again.
 */
public final class CachedTranslator implements Seq2SeqLm {
    private final ModelSpec spec;
    private final TranslatorWeights weights;
    private final PositionTable positions;
    private final TranslatorStep step;

    public CachedTranslator(ComputationGraph graph, ModelSpec spec) {
        if (spec.family() != Family.TRANSFORMER) {
            throw new IllegalArgumentException(spec.family().key() + " is not an encoder-decoder model");
        }
        if (!graph.getConfiguration().getNetworkInputs().contains(GraphNames.SOURCE)) {
            throw new IllegalArgumentException("not an encoder-decoder graph: it has no '" + GraphNames.SOURCE + "' input");
        }
        this.spec = spec;
        this.weights = TranslatorWeights.of(graph, spec);
        this.positions = new PositionTable(spec.dModel(), weights.targetTable().dataType());
        this.step = new TranslatorStep(weights, positions, spec);
    }

    /**
     * An encoded source: the encoder's output [sourceLength, d], each decoder layer's
     * cross-attention keys and values [heads, sourceLength, headSize], and the prefixes' cache.
     */
    record Encoded(INDArray memory, INDArray[] crossKeys, INDArray[] crossValues, PrefixCache cache) implements EncodedSource {
    }

    @Override
    public EncodedSource encode(int[] source) {
        int[] at = new int[source.length];
        for (int s = 0; s < at.length; s++) {
            at[s] = s;
        }
        INDArray x = TranslatorOps.embed(weights.sourceTable(), source, Math.sqrt(spec.dModel()), positions.rows(source.length), at);
        for (TranslatorWeights.Block b : weights.encoder()) {
            INDArray q = KvCacheDecoder.heads(KvCacheDecoder.project(x, b.self().q()), spec.heads());
            INDArray k = KvCacheDecoder.heads(KvCacheDecoder.project(x, b.self().k()), spec.heads());
            INDArray v = KvCacheDecoder.heads(KvCacheDecoder.project(x, b.self().v()), spec.heads());
            INDArray attended = TranslatorOps.merge(TranslatorOps.attend(q, k, v));
            x = TranslatorOps.residual(x, KvCacheDecoder.project(attended, b.self().o()), b.norm1());
            x = TranslatorOps.residual(x, TranslatorOps.feedForward(x, b, spec.activation()), b.norm2());
        }
        int layers = weights.decoder().size();
        INDArray[] keys = new INDArray[layers];
        INDArray[] values = new INDArray[layers];
        for (int i = 0; i < layers; i++) {
            TranslatorWeights.Attention cross = weights.decoder().get(i).cross();
            keys[i] = KvCacheDecoder.heads(KvCacheDecoder.project(x, cross.k()), spec.heads());
            values[i] = KvCacheDecoder.heads(KvCacheDecoder.project(x, cross.v()), spec.heads());
        }
        return new Encoded(x, keys, values, new PrefixCache());
    }

    @Override
    public float[][] nextLogProbabilities(EncodedSource encoded, int[][] prefixes) {
        double[][] logits = logits(encoded, prefixes).toDoubleMatrix();
        float[][] out = new float[prefixes.length][];
        for (int r = 0; r < out.length; r++) {
            out[r] = TransformerTranslator.logSoftmax(logits[r]);
        }
        return out;
    }

    /** The logits [prefixes.length, vocab] of the token after each prefix; caches the prefixes' keys and values. */
    INDArray logits(EncodedSource encoded, int[][] prefixes) {
        Encoded source = (Encoded) encoded;
        int position = prefixes[0].length - 1;
        PrefixCache.History[] parents = parents(source, prefixes, position);
        source.cache().advance();
        int[] newest = new int[prefixes.length];
        for (int r = 0; r < prefixes.length; r++) {
            newest[r] = prefixes[r][position];
        }
        TranslatorStep.Result result = step.run(source, newest, position, parents);
        for (int r = 0; r < prefixes.length; r++) {
            source.cache().put(prefixes[r], result.histories()[r]);
        }
        return Matmul.times(result.hidden(), false, weights.headTable(), true);
    }

    /** The cached history of each prefix without its newest token; those not cached are computed afresh. */
    private PrefixCache.History[] parents(Encoded source, int[][] prefixes, int position) {
        PrefixCache.History[] parents = new PrefixCache.History[prefixes.length];
        if (position == 0) {
            return parents;
        }
        List<Integer> missing = new ArrayList<>();
        for (int r = 0; r < prefixes.length; r++) {
            parents[r] = source.cache().find(prefixes[r], position);
            if (parents[r] == null) {
                missing.add(r);
            }
        }
        if (!missing.isEmpty()) {
            PrefixCache.History[] rebuilt = rebuild(source, prefixes, missing, position);
            for (int m = 0; m < rebuilt.length; m++) {
                parents[missing.get(m)] = rebuilt[m];
            }
        }
        return parents;
    }

    /** The histories of the given rows' first {@code length} tokens, one step at a time from the start. */
    private PrefixCache.History[] rebuild(Encoded source, int[][] prefixes, List<Integer> rows, int length) {
        PrefixCache.History[] histories = new PrefixCache.History[rows.size()];
        int[] tokens = new int[rows.size()];
        for (int t = 0; t < length; t++) {
            for (int m = 0; m < tokens.length; m++) {
                tokens[m] = prefixes[rows.get(m)][t];
            }
            histories = step.run(source, tokens, t, histories).histories();
        }
        return histories;
    }
}
