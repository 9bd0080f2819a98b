package io.sparkllm.model.layers;

import io.sparkllm.model.kernels.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;
import java.util.stream.Stream;

/**
 * The fused LayerNorm equals {@link LayerNorm}'s ND4J ops run in double precision on the same
 * float inputs: normalised rows and outputs within 1e-5 absolute + 1e-5 relative (5e-5 for rows
 * of mean 100 and spread 1, where float rounding of x alone is 4e-6), 1/std within
 * 1e-5 relative, the input error within 1e-5 + 1e-4 relative, the gain and bias gradients (sums
 * over every row) within 1e-5 per summed row, on rows with a vector tail, rows far from zero,
 * constant rows and many rows.
 */
class LayerNormKernelTest {
    private static final double EPSILON = 1e-5;

    static Stream<Kernels> loops() {
        return KernelData.bothLoops();
    }

    private static void check(Kernels kernels, long seed, int rows, int width, double offset, double scale) {
        check(kernels, seed, rows, width, offset, scale, 1e-5);
    }

    /** {@code tolerance}: absolute and relative, for the normalised rows, the output and the input error's absolute part. */
    private static void check(Kernels kernels, long seed, int rows, int width, double offset, double scale, double tolerance) {
        Random random = new Random(seed);
        INDArray x = KernelData.normal(random, scale, rows, width).addi(offset);
        x.getRow(0).assign(offset);
        INDArray gain = KernelData.normal(random, 0.3, 1, width).addi(1);
        INDArray bias = KernelData.normal(random, 0.3, 1, width);
        INDArray error = KernelData.normal(random, 1, rows, width);

        INDArray normalised = x.ulike();
        INDArray inverseStd = Nd4j.createUninitialized(DataType.FLOAT, rows, 1);
        INDArray out = x.ulike();
        kernels.layerNorm.forward(x, gain, bias, EPSILON, normalised, inverseStd, out);
        LayerNorm.Normalised expected = LayerNorm.Normalised.of(KernelData.toDouble(x), EPSILON);
        INDArray expectedOut = expected.rows().mulRowVector(KernelData.toDouble(gain)).addiRowVector(KernelData.toDouble(bias));
        KernelData.assertClose("normalised", normalised, expected.rows(), tolerance, tolerance);
        KernelData.assertClose("1/std", inverseStd, expected.inverseStd(), 0, 1e-5);
        KernelData.assertClose("out", out, expectedOut, tolerance, tolerance);

        INDArray gainGradient = Nd4j.create(DataType.FLOAT, 1, width);
        INDArray biasGradient = Nd4j.create(DataType.FLOAT, 1, width);
        INDArray inputError = x.ulike();
        kernels.layerNorm.backward(error, normalised, inverseStd, gain, gainGradient, biasGradient, inputError);
        INDArray e = KernelData.toDouble(error);
        KernelData.assertClose("gain gradient", gainGradient, e.mul(expected.rows()).sum(true, 0), 1e-5 * rows, 1e-5);
        KernelData.assertClose("bias gradient", biasGradient, e.sum(true, 0), 1e-5 * rows, 1e-5);
        KernelData.assertClose("input error", inputError, expected.inputError(e.mulRowVector(KernelData.toDouble(gain)), true),
                tolerance, 1e-4);
    }

    @ParameterizedTest
    @MethodSource("loops")
    void matchesTheNd4jOpsOnOddWidthsAndManyRows(Kernels kernels) {
        check(kernels, 1, 3, 7, 0, 1);
        check(kernels, 2, 4, 1, 0, 1);
        check(kernels, 3, 130, 257, 0.5, 2);
        check(kernels, 4, 64, 256, 0, 1);
    }

    @ParameterizedTest
    @MethodSource("loops")
    void rowsFarFromZeroAndLargeOnesNormaliseAlike(Kernels kernels) {
        // A float x near 100 is itself only within 4e-6 of its value; its float mean adds a few such errors.
        check(kernels, 5, 9, 33, 100, 1, 5e-5);
        check(kernels, 6, 9, 33, 0, 1000);
    }
}
