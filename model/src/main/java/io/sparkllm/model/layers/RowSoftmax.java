package io.sparkllm.model.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softmax over the last dimension, from ND4J's primitives: a row maximum, a column-vector
 * subtraction, exp in place, a row sum, a column-vector division. No slower than ND4J's softmax op
 * (as fast on a quiet machine, faster on a busy one, measured here), and the log-sum-exp of each
 * row falls out, which gives the loss exactly where a probability underflows.
 */
final class RowSoftmax {
    private RowSoftmax() {
    }

    /**
     * Writes softmax(x) over the last dimension into {@code out} (shaped like x; x itself may be
     * out) and returns each row's log Σ exp as a column {@code [rows, 1]}.
     */
    static INDArray into(INDArray x, INDArray out) {
        // Rows of out are worked on through a reshaped view, which needs out's own C layout;
        // anything else (odd strides of size-1 dimensions, say) goes through a copy.
        boolean direct = out.ordering() == 'c' && Shape.hasDefaultStridesForShape(out);
        INDArray target = direct ? out : Nd4j.createUninitialized(out.dataType(), out.shape());
        long width = x.size(-1);
        INDArray rows = x.reshape('c', x.length() / width, width);
        INDArray targetRows = target.reshape('c', target.length() / width, width);
        INDArray max = rows.max(true, 1);
        if (target != x) {
            targetRows.assign(rows);
        }
        Transforms.exp(targetRows.subiColumnVector(max), false);
        INDArray sum = targetRows.sum(true, 1);
        targetRows.diviColumnVector(sum);
        if (!direct) {
            out.assign(target);
        }
        return Transforms.log(sum, false).addi(max);
    }
}
