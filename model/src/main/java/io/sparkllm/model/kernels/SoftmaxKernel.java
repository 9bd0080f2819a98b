package io.sparkllm.model.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Softmax over the last dimension, forward and backward, each one pass over memory per row (ND4J
 * takes five passes forward and three backward, with a scalar exp). Used on attention scores.
 */
public final class SoftmaxKernel {
    private final RowOps ops;

    public SoftmaxKernel(RowOps ops) {
        this.ops = ops;
    }

    /** scores ← softmax(scores), row by row. */
    public void forwardInPlace(INDArray scores) {
        FloatRows rows = FloatRows.of(scores);
        int width = rows.width();
        float[] row = new float[width];
        for (int r = 0; r < rows.rows(); r++) {
            rows.read(r, row);
            float sum = ops.expShifted(row, width, ops.max(row, width));
            ops.scale(row, width, 1 / sum);
            rows.write(r, row);
        }
    }

    /** error ← p · (error - Σ error·p), row by row: the error at the scores from the error at the weights p. */
    public void backwardInPlace(INDArray weights, INDArray error) {
        FloatRows p = FloatRows.of(weights);
        FloatRows g = FloatRows.of(error, p.width());
        int width = p.width();
        float[] pRow = new float[width];
        float[] gRow = new float[width];
        for (int r = 0; r < p.rows(); r++) {
            p.read(r, pRow);
            g.read(r, gRow);
            ops.softmaxBackward(pRow, gRow, width, ops.dot(gRow, pRow, width));
            g.write(r, gRow);
        }
    }
}
