package io.sparkllm.model.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The erf GELU z · Φ(z) with the bias add before it, forward and backward in one pass each (ND4J
 * takes six passes forward and seven backward, erf and exp one element at a time). Φ comes from
 * {@link NormalCdf}; backward recomputes Φ and φ from z rather than keeping Φ from forward, which
 * costs less than storing and reading it back.
 */
public final class GeluKernel {
    private final RowOps ops;

    public GeluKernel(RowOps ops) {
        this.ops = ops;
    }

    /** z ← z + bias (a row vector, or null for none), out ← z · Φ(z). */
    public void forward(INDArray z, INDArray bias, INDArray out) {
        FloatRows zRows = FloatRows.of(z);
        FloatRows outRows = FloatRows.of(out, zRows.width());
        int width = zRows.width();
        float[] b = bias == null ? null : bias.toFloatVector();
        if (b != null && b.length != width) {
            throw new IllegalArgumentException("bias of " + b.length + " for rows of " + width);
        }
        float[] row = new float[width];
        float[] activated = new float[width];
        for (int r = 0; r < zRows.rows(); r++) {
            zRows.read(r, row);
            if (b != null) {
                ops.add(row, b, width);
                zRows.write(r, row);
            }
            ops.gelu(row, activated, width);
            outRows.write(r, activated);
        }
    }

    /** out ← error · (Φ(z) + z · φ(z)); out may be error itself. */
    public void backward(INDArray z, INDArray error, INDArray out) {
        FloatRows zRows = FloatRows.of(z);
        int width = zRows.width();
        FloatRows errorRows = FloatRows.of(error, width);
        FloatRows outRows = FloatRows.of(out, width);
        float[] row = new float[width];
        float[] errorRow = new float[width];
        for (int r = 0; r < zRows.rows(); r++) {
            zRows.read(r, row);
            errorRows.read(r, errorRow);
            ops.geluBackward(row, errorRow, width);
            outRows.write(r, errorRow);
        }
    }
}
