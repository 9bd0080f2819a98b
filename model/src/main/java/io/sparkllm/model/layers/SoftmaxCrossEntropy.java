package io.sparkllm.model.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softmax cross-entropy of logit rows {@code [rows, classes]} against one integer class per row,
 * each row weighted (a mask, scaled): loss = Σ w_r · (logsumexp(x_r) - x_r[label_r]). The labels
 * stay integers; no one-hot matrix is built, and one log-softmax pass gives both the loss and its
 * gradient w_r · (softmax(x_r) - onehot(label_r)). Rows of weight 0 are skipped, whatever their label.
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {
    }

    /**
     * The weighted loss; when {@code gradient} is not null (an array shaped like the logits) it
     * receives the gradient with respect to the logits.
     */
    public static double lossAndGradient(INDArray logits, int[] labels, double[] weights, INDArray gradient) {
        INDArray logProbabilities = gradient != null ? gradient : logits.ulike();
        Nd4j.exec(new LogSoftMax(logits, logProbabilities));
        double loss = 0;
        long classes = logits.size(1);
        for (int r = 0; r < labels.length; r++) {
            if (weights[r] == 0) {
                continue;
            }
            if (labels[r] < 0 || labels[r] >= classes) {
                throw new IllegalArgumentException("label " + labels[r] + " at row " + r + " is outside the "
                        + classes + " classes");
            }
            loss -= weights[r] * logProbabilities.getDouble(r, labels[r]);
        }
        if (gradient == null) {
            release(logProbabilities);
            return loss;
        }
        INDArray probabilities = Transforms.exp(gradient, false);
        for (int r = 0; r < labels.length; r++) {
            if (weights[r] != 0) {
                probabilities.putScalar(r, labels[r], probabilities.getDouble(r, labels[r]) - 1);
            }
        }
        probabilities.muliColumnVector(Nd4j.createFromArray(weights).castTo(gradient.dataType()).reshape(labels.length, 1));
        return loss;
    }

    /** Per-row losses, unweighted (0 where the weight is 0). */
    public static double[] rowLosses(INDArray logits, int[] labels, double[] weights) {
        INDArray logProbabilities = logits.ulike();
        Nd4j.exec(new LogSoftMax(logits, logProbabilities));
        double[] losses = new double[labels.length];
        for (int r = 0; r < labels.length; r++) {
            if (weights[r] != 0) {
                losses[r] = -logProbabilities.getDouble(r, labels[r]);
            }
        }
        release(logProbabilities);
        return losses;
    }

    /** Frees a scratch array now rather than at the next garbage collection (workspace arrays free with their workspace). */
    private static void release(INDArray scratch) {
        if (scratch.closeable()) {
            scratch.close();
        }
    }
}
