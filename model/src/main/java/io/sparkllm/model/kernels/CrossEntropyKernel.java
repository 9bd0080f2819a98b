package io.sparkllm.model.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Softmax cross-entropy of logit rows against one integer label per row, weighted per row: the
 * row's loss w · (logsumexp(x) - x[label]) and its gradient w · (softmax(x) - onehot(label))
 * from one read of the row and one write (ND4J's ops take seven passes over the [rows, vocab]
 * logits, which do not fit in any cache). Rows of weight 0 get a zero gradient and no loss.
 */
public final class CrossEntropyKernel {
    private final RowOps ops;

    public CrossEntropyKernel(RowOps ops) {
        this.ops = ops;
    }

    /**
     * Each row's unweighted loss (0 where the weight is 0); when {@code gradient} (shaped like the
     * logits) is not null it receives the weighted gradient.
     */
    public double[] rowLosses(INDArray logits, int[] labels, double[] weights, INDArray gradient) {
        FloatRows x = FloatRows.of(logits);
        FloatRows g = gradient == null ? null : FloatRows.of(gradient, x.width());
        int width = x.width();
        if (labels.length != x.rows() || weights.length != x.rows()) {
            throw new IllegalArgumentException(x.rows() + " logit rows but " + labels.length + " labels and " + weights.length + " weights");
        }
        double[] losses = new double[x.rows()];
        float[] row = new float[width];
        for (int r = 0; r < x.rows(); r++) {
            if (weights[r] == 0) {
                if (g != null) {
                    java.util.Arrays.fill(row, 0);
                    g.write(r, row);
                }
                continue;
            }
            int label = labels[r];
            if (label < 0 || label >= width) {
                throw new IllegalArgumentException("label " + label + " at row " + r + " is outside the " + width + " classes");
            }
            x.read(r, row);
            float target = row[label];
            float max = ops.max(row, width);
            float sum = ops.expShifted(row, width, max);
            losses[r] = max + Math.log(sum) - target;
            if (g != null) {
                float w = (float) weights[r];
                ops.scale(row, width, w / sum);
                row[label] -= w;
                g.write(r, row);
            }
        }
        return losses;
    }

    /** The weighted loss Σ w · loss, filling {@code gradient} when it is not null. */
    public double lossAndGradient(INDArray logits, int[] labels, double[] weights, INDArray gradient) {
        double[] losses = rowLosses(logits, labels, weights, gradient);
        double loss = 0;
        for (int r = 0; r < losses.length; r++) {
            loss += weights[r] * losses[r];
        }
        return loss;
    }
}
