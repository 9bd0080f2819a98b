package io.sparkllm.model.zoo;

import io.sparkllm.model.layers.Nonlinearity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * One decoder step of the encoder-decoder for a batch of prefixes of one length: the newest
 * token of each goes through the post-LN blocks, its self-attention reading the prefix's cached
 * keys and values plus its own, its cross-attention the source's cached ones. Rows of the batch
 * are the prefixes, so every projection is one matrix product for all of them.
 */
final class TranslatorStep {
    private final TranslatorWeights weights;
    private final PositionTable positions;
    private final int heads;
    private final double scale;
    private final Nonlinearity activation;

    /** The newest tokens' final hidden states [rows, d], and each prefix's history with them added. */
    record Result(INDArray hidden, PrefixCache.History[] histories) {
    }

    TranslatorStep(TranslatorWeights weights, PositionTable positions, ModelSpec spec) {
        this.weights = weights;
        this.positions = positions;
        this.heads = spec.heads();
        this.scale = Math.sqrt(spec.dModel());
        this.activation = spec.activation();
    }

    /**
     * Runs {@code tokens} (one per row) at {@code position}; {@code parents[r]} holds the keys and
     * values of row r's earlier {@code position} tokens (unused at position 0).
     */
    Result run(CachedTranslator.Encoded source, int[] tokens, int position, PrefixCache.History[] parents) {
        int rows = tokens.length;
        int[] at = new int[rows];
        Arrays.fill(at, position);
        INDArray x = TranslatorOps.embed(weights.targetTable(), tokens, scale, positions.rows(position + 1), at);
        int layers = weights.decoder().size();
        INDArray[][] keys = new INDArray[rows][layers];
        INDArray[][] values = new INDArray[rows][layers];
        for (int i = 0; i < layers; i++) {
            TranslatorWeights.Block b = weights.decoder().get(i);
            INDArray k = extend(parents, i, true, KvCacheDecoder.project(x, b.self().k()), position);
            INDArray v = extend(parents, i, false, KvCacheDecoder.project(x, b.self().v()), position);
            x = TranslatorOps.residual(x, selfAttention(x, b, k, v), b.norm1());
            INDArray q = KvCacheDecoder.heads(KvCacheDecoder.project(x, b.cross().q()), heads);
            INDArray attended = TranslatorOps.merge(TranslatorOps.attend(q, source.crossKeys()[i], source.crossValues()[i]));
            x = TranslatorOps.residual(x, KvCacheDecoder.project(attended, b.cross().o()), b.crossNorm());
            x = TranslatorOps.residual(x, TranslatorOps.feedForward(x, b, activation), b.norm2());
            for (int r = 0; r < rows; r++) {
                keys[r][i] = row(k, r);
                values[r][i] = row(v, r);
            }
        }
        PrefixCache.History[] histories = new PrefixCache.History[rows];
        for (int r = 0; r < rows; r++) {
            histories[r] = new PrefixCache.History(keys[r], values[r]);
        }
        return new Result(x, histories);
    }

    /** Each row's one query against its own keys k and values v [rows, heads, length, headSize]. */
    private INDArray selfAttention(INDArray x, TranslatorWeights.Block b, INDArray k, INDArray v) {
        long rows = x.rows();
        long headSize = x.columns() / heads;
        long length = k.size(2);
        // Row r, head h is batch r·heads + h on both sides: the reshapes are views, no copies.
        INDArray q = KvCacheDecoder.project(x, b.self().q()).reshape(rows * heads, 1, headSize);
        INDArray attended = TranslatorOps.attend(q, k.reshape(rows * heads, length, headSize),
                v.reshape(rows * heads, length, headSize));
        return KvCacheDecoder.project(attended.reshape(rows, x.columns()), b.self().o());
    }

    /** [rows, heads, position + 1, headSize]: each row's cached keys (or values), then the newest step's. */
    private INDArray extend(PrefixCache.History[] parents, int layer, boolean keys, INDArray newest, int position) {
        long rows = newest.rows();
        long headSize = newest.columns() / heads;
        INDArray out = Nd4j.createUninitialized(newest.dataType(), rows, heads, position + 1, headSize);
        for (int r = 0; position > 0 && r < rows; r++) {
            INDArray cached = keys ? parents[r].keys()[layer] : parents[r].values()[layer];
            out.get(NDArrayIndex.point(r), NDArrayIndex.all(), NDArrayIndex.interval(0, position), NDArrayIndex.all())
                    .assign(cached);
        }
        out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(position), NDArrayIndex.all())
                .assign(newest.reshape(rows, heads, headSize));
        return out;
    }

    private static INDArray row(INDArray perRow, int r) {
        return perRow.get(NDArrayIndex.point(r), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
    }
}
