package io.sparkllm.model.zoo;

import io.sparkllm.model.kernels.Kernels;
import io.sparkllm.model.kernels.LayerNormKernel;
import io.sparkllm.model.layers.Nonlinearity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The pieces of the encoder-decoder's forward pass in plain ND4J ops, rows = steps, as the
  * graph's layers compute them: {@link CachedTranslator}'s encoder and {@link TranslatorStep} share them.
 */
final class TranslatorOps {
    private TranslatorOps() {
    }

    /** Token vectors times the embedding scale plus each row's position vector, as TokenEmbedding adds them. */
    static INDArray embed(INDArray table, int[] tokens, double scale, INDArray positions, int[] at) {
        INDArray rows = Nd4j.pullRows(table, 1, tokens).muli(scale);
        return rows.addi(Nd4j.pullRows(positions, 1, at));
    }

    /** [heads, rows, headSize] -> [rows, heads·headSize]. */
    static INDArray merge(INDArray perHead) {
        return perHead.permute(1, 0, 2).dup('c').reshape(perHead.size(1), perHead.size(0) * perHead.size(2));
    }

    /** Scaled dot-product attention over batches [b, queries, headSize] x [b, keys, headSize], no mask. */
    static INDArray attend(INDArray q, INDArray k, INDArray v) {
        INDArray scores = Nd4j.matmul(q, k, false, true, false).muli(1 / Math.sqrt(q.size(2)));
        Transforms.softmax(scores, false); // in place, over the last dimension (the keys)
        return Nd4j.matmul(scores, v);
    }

    /**
     * Post-LN residual: norm(x + update), the update's array reused for the sum. Float rows take
     * the graph's own fused LayerNorm kernel: one call where the ND4J ops are eight, and a decoder
     * step for a few beams is made of small calls.
     */
    static INDArray residual(INDArray x, INDArray update, DecoderWeights.Norm norm) {
        INDArray sum = update.addi(x);
        LayerNormKernel kernel = Kernels.layerNorm(sum, norm.gain(), norm.bias());
        if (kernel == null) {
            return KvCacheDecoder.norm(sum, norm);
        }
        INDArray out = sum.ulike();
        kernel.forward(sum, norm.gain(), norm.bias(), norm.epsilon(), sum.ulike(),
                Nd4j.createUninitialized(sum.dataType(), sum.rows(), 1), out);
        return out;
    }

    static INDArray feedForward(INDArray x, TranslatorWeights.Block b, Nonlinearity activation) {
        return KvCacheDecoder.project(activation.apply(KvCacheDecoder.project(x, b.up())), b.down());
    }
}
