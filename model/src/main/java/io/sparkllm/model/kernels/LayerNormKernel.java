package io.sparkllm.model.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Layer normalisation of rows with a gain and a bias, forward and backward in one pass over memory
 * each (ND4J takes about six passes forward and ten backward, plus column-sum matmuls for the
 * parameter gradients, which are summed here on the way).
 */
public final class LayerNormKernel {
    private final RowOps ops;

    public LayerNormKernel(RowOps ops) {
        this.ops = ops;
    }

    /**
     * normalised ← (x - mean) / sqrt(variance + epsilon) per row (variance over the row, biased),
     * inverseStd [rows, 1] ← 1 / sqrt(variance + epsilon), out ← normalised · gain + bias.
     */
    public void forward(INDArray x, INDArray gain, INDArray bias, double epsilon, INDArray normalised, INDArray inverseStd,
                        INDArray out) {
        FloatRows xRows = FloatRows.of(x);
        int width = xRows.width();
        FloatRows hatRows = FloatRows.of(normalised, width);
        FloatRows outRows = FloatRows.of(out, width);
        FloatRows stdRows = FloatRows.of(inverseStd, 1);
        float[] g = gain.toFloatVector();
        float[] b = bias.toFloatVector();
        float[] row = new float[width];
        float[] hat = new float[width];
        float[] result = new float[width];
        float[] std = new float[1];
        for (int r = 0; r < xRows.rows(); r++) {
            xRows.read(r, row);
            float mean = ops.sum(row, width) / width;
            std[0] = (float) (1 / Math.sqrt(ops.squaredDeviations(row, width, mean) / width + epsilon));
            ops.normalise(row, width, mean, std[0], g, b, hat, result);
            hatRows.write(r, hat);
            outRows.write(r, result);
            stdRows.write(r, std);
        }
    }

    /**
     * From the error at the output: the gain and bias gradients (written into the two [1, width]
     * arrays) and the error at x, (dx̂ - mean(dx̂) - x̂ · mean(dx̂ · x̂)) · inverseStd with dx̂ = error · gain.
     */
    public void backward(INDArray error, INDArray normalised, INDArray inverseStd, INDArray gain, INDArray gainGradient,
                         INDArray biasGradient, INDArray inputError) {
        FloatRows errorRows = FloatRows.of(error);
        int width = errorRows.width();
        FloatRows hatRows = FloatRows.of(normalised, width);
        FloatRows stdRows = FloatRows.of(inverseStd, 1);
        FloatRows inRows = FloatRows.of(inputError, width);
        float[] g = gain.toFloatVector();
        float[] gainSums = new float[width];
        float[] biasSums = new float[width];
        float[] e = new float[width];
        float[] hat = new float[width];
        float[] hatError = new float[width];
        float[] result = new float[width];
        for (int r = 0; r < errorRows.rows(); r++) {
            errorRows.read(r, e);
            hatRows.read(r, hat);
            ops.accumulateAffine(e, hat, gainSums, biasSums, width);
            ops.multiply(e, g, hatError, width);
            float meanError = ops.sum(hatError, width) / width;
            float meanProjection = ops.dot(hatError, hat, width) / width;
            ops.normaliseBackward(hatError, hat, width, meanError, meanProjection, stdRows.get(r, 0), result);
            inRows.write(r, result);
        }
        gainGradient.assign(Nd4j.createFromArray(gainSums).reshape(gainGradient.shape()));
        biasGradient.assign(Nd4j.createFromArray(biasSums).reshape(biasGradient.shape()));
    }
}
