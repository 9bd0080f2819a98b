package io.sparkllm.model.layers;

import io.sparkllm.model.kernels.Kernels;
import io.sparkllm.model.kernels.SoftmaxKernel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The per-head pieces of multi-head attention in ND4J ops, shared by the attention layers. */
final class AttentionHeads {
    private AttentionHeads() {
    }

    /** Rows [batch·time, heads·headSize] -> [batch, heads, time, headSize]. */
    static INDArray split(INDArray rows, long batch, int heads) {
        long time = rows.size(0) / batch;
        return rows.reshape('c', batch, time, heads, rows.size(1) / heads).permute(0, 2, 1, 3).dup('c');
    }

    /** [batch, heads, time, headSize] -> rows [batch·time, heads·headSize]. */
    static INDArray merge(INDArray perHead) {
        return perHead.permute(0, 2, 1, 3).dup('c').reshape(perHead.size(0) * perHead.size(2), perHead.size(1) * perHead.size(3));
    }

    /**
     * Rows [batch·time, parts·heads·headSize] holding several projections side by side (q, k, v)
     * -> [parts, batch, heads, time, headSize], one permuted copy for all of them.
     */
    static INDArray splitStacked(INDArray rows, long batch, int parts, int heads) {
        long time = rows.size(0) / batch;
        long headSize = rows.size(1) / parts / heads;
        return rows.reshape('c', batch, time, parts, heads, headSize).permute(2, 0, 3, 1, 4).dup('c');
    }

    /** [parts, batch, heads, time, headSize] -> rows [batch·time, parts·heads·headSize]. */
    static INDArray mergeStacked(INDArray stacked) {
        long rows = stacked.size(1) * stacked.size(3);
        return stacked.permute(1, 3, 0, 2, 4).dup('c').reshape(rows, stacked.size(0) * stacked.size(2) * stacked.size(4));
    }

    /**
     * [batch, kvHeads, time, headSize] -> [batch, heads, time, headSize], each key/value head
     * repeated for the heads / kvHeads query heads it serves, in order (head h reads kv head
     * h / group, as Hugging Face's repeat_kv). The array itself when there is one per query head.
     */
    static INDArray repeatHeads(INDArray perHead, int heads) {
        long kvHeads = perHead.size(1);
        if (kvHeads == heads) {
            return perHead;
        }
        long group = heads / kvHeads;
        INDArray out = Nd4j.createUninitialized(perHead.dataType(), perHead.size(0), kvHeads, group, perHead.size(2),
                perHead.size(3));
        for (long g = 0; g < group; g++) {
            out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(g), NDArrayIndex.all(), NDArrayIndex.all())
                    .assign(perHead);
        }
        return out.reshape('c', perHead.size(0), heads, perHead.size(2), perHead.size(3));
    }

    /** The error of {@link #repeatHeads}'s input: each key/value head's group of errors summed. */
    static INDArray sumRepeatedHeads(INDArray error, int kvHeads) {
        long group = error.size(1) / kvHeads;
        return error.dup('c').reshape('c', error.size(0), kvHeads, group, error.size(2), error.size(3)).sum(2);
    }

    /** Softmax over the last dimension (the keys), in place: fused for float scores, else ND4J's ops. */
    static INDArray softmaxInPlace(INDArray scores) {
        SoftmaxKernel kernel = Kernels.softmax(scores);
        if (kernel != null) {
            kernel.forwardInPlace(scores);
        } else {
            RowSoftmax.into(scores, scores);
        }
        return scores;
    }

    /**
     * The error at the scores from the error at the softmax weights P, in place in the latter:
     * dS = P · (dP - Σ_keys dP · P), row by row.
     */
    static INDArray softmaxBackwardInPlace(INDArray weights, INDArray weightsError) {
        SoftmaxKernel kernel = Kernels.softmax(weights, weightsError);
        if (kernel != null) {
            kernel.backwardInPlace(weights, weightsError);
            return weightsError;
        }
        int last = weights.rank() - 1;
        INDArray rowDot = weightsError.mul(weights).sum(last);
        int[] leading = new int[last];
        for (int i = 0; i < last; i++) {
            leading[i] = i;
        }
        Nd4j.exec(new BroadcastSubOp(weightsError, rowDot, weightsError, leading));
        return weightsError.muli(weights);
    }
}
