package io.sparkllm.model.layers;

import io.sparkllm.model.kernels.CrossEntropyKernel;
import io.sparkllm.model.kernels.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax cross-entropy of logit rows {@code [rows, classes]} against one integer class per row,
 * each row weighted (a mask): loss = Σ w_r · (logsumexp(x_r) - x_r[label_r]). The labels stay
 * integers; no one-hot matrix is built, and one softmax pass gives both the loss and its gradient
 * w_r · (softmax(x_r) - onehot(label_r)), whose log-sum-exp gives the loss ({@link RowSoftmax}).
 * Rows of weight 0 are skipped, whatever their label. Float rows go through the fused
 * {@link io.sparkllm.model.kernels.CrossEntropyKernel} (one pass per row); the ND4J ops below
 * are the reference it is tested against, and serve every other case.
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {
    }

    /**
     * The weighted loss; when {@code gradient} is not null (an array shaped like the logits) it
     * receives the gradient with respect to the logits.
     */
    public static double lossAndGradient(INDArray logits, int[] labels, double[] weights, INDArray gradient) {
        CrossEntropyKernel kernel = gradient == null ? Kernels.crossEntropy(logits) : Kernels.crossEntropy(logits, gradient);
        if (kernel != null) {
            return kernel.lossAndGradient(logits, labels, weights, gradient);
        }
        return referenceLossAndGradient(logits, labels, weights, gradient);
    }

    /** {@link #lossAndGradient} in ND4J ops. */
    static double referenceLossAndGradient(INDArray logits, int[] labels, double[] weights, INDArray gradient) {
        INDArray probabilities = gradient != null ? gradient : logits.ulike();
        double[] logSumExp = RowSoftmax.into(logits, probabilities).toDoubleVector();
        double loss = 0;
        boolean weighted = false;
        for (int r = 0; r < labels.length; r++) {
            if (weights[r] == 0) {
                weighted = true;
                continue;
            }
            weighted |= weights[r] != 1;
            loss += weights[r] * (logSumExp[r] - logits.getDouble(r, label(labels, r, logits.size(1))));
        }
        if (gradient == null) {
            release(probabilities);
            return loss;
        }
        for (int r = 0; r < labels.length; r++) {
            if (weights[r] != 0) {
                probabilities.putScalar(r, labels[r], probabilities.getDouble(r, labels[r]) - 1);
            }
        }
        if (weighted) {
            probabilities.muliColumnVector(Nd4j.createFromArray(weights).castTo(gradient.dataType()).reshape(labels.length, 1));
        }
        return loss;
    }

    /** Per-row losses, unweighted (0 where the weight is 0). */
    public static double[] rowLosses(INDArray logits, int[] labels, double[] weights) {
        CrossEntropyKernel kernel = Kernels.crossEntropy(logits);
        if (kernel != null) {
            return kernel.rowLosses(logits, labels, weights, null);
        }
        INDArray probabilities = logits.ulike();
        double[] logSumExp = RowSoftmax.into(logits, probabilities).toDoubleVector();
        double[] losses = new double[labels.length];
        for (int r = 0; r < labels.length; r++) {
            if (weights[r] != 0) {
                losses[r] = logSumExp[r] - logits.getDouble(r, label(labels, r, logits.size(1)));
            }
        }
        release(probabilities);
        return losses;
    }

    private static int label(int[] labels, int r, long classes) {
        if (labels[r] < 0 || labels[r] >= classes) {
            throw new IllegalArgumentException("label " + labels[r] + " at row " + r + " is outside the " + classes + " classes");
        }
        return labels[r];
    }

    /** Frees a scratch array now rather than at the next garbage collection (workspace arrays free with their workspace). */
    private static void release(INDArray scratch) {
        if (scratch.closeable()) {
            scratch.close();
        }
    }
}
