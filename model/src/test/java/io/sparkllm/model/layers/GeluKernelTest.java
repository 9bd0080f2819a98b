package io.sparkllm.model.layers;

import io.sparkllm.model.kernels.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Random;
import java.util.stream.Stream;

/**
 * The fused erf GELU (bias add, forward, backward) equals {@link Nonlinearity#GELU}'s ND4J ops in
 * double precision (ND4J's own erf) on the same float inputs: outputs and input errors within
 * 1e-6 · (1 + |z|) absolute, over ordinary values, the tails out to ±40 (where Φ underflows) and 0,
 * on widths with a vector tail.
 */
class GeluKernelTest {
    static Stream<Kernels> loops() {
        return KernelData.bothLoops();
    }

    private static final float[] EXTREMES = {0, -0f, 1e-8f, -1e-8f, 0.5f, -0.5f, 3, -3, 5.5f, -5.5f, 9, -9, 13, -13, 40, -40};

    private static INDArray inputs(long seed, int rows, int width) {
        INDArray z = KernelData.normal(new Random(seed), 3, rows, width);
        for (int i = 0; i < Math.min(EXTREMES.length, z.length()); i++) {
            z.putScalar(i, EXTREMES[i]);
        }
        return z;
    }

    private static void check(Kernels kernels, long seed, int rows, int width) {
        INDArray z = inputs(seed, rows, width);
        INDArray bias = KernelData.normal(new Random(seed + 1), 0.1, 1, width);
        INDArray expectedZ = KernelData.toDouble(z).addiRowVector(KernelData.toDouble(bias));
        INDArray tolerance = Transforms.abs(expectedZ, true).addi(1).muli(1e-6);
        Nonlinearity.Activated expected = Nonlinearity.GELU.forward(expectedZ);

        INDArray out = z.ulike();
        kernels.gelu.forward(z, bias, out);
        KernelData.assertClose("z + bias", z, expectedZ, 1e-6, 1e-6);
        assertWithin("gelu", out, expected.out(), tolerance);

        INDArray error = KernelData.normal(new Random(seed + 2), 1, rows, width);
        INDArray expectedError = Nonlinearity.GELU.backward(KernelData.toDouble(z), Nonlinearity.GELU.forward(KernelData.toDouble(z)).kept(),
                KernelData.toDouble(error));
        INDArray inputError = z.ulike();
        kernels.gelu.backward(z, error, inputError);
        assertWithin("gelu input error", inputError, expectedError, tolerance.mul(Transforms.abs(KernelData.toDouble(error), true)));
    }

    /** |actual - expected| ≤ tolerance element by element. */
    private static void assertWithin(String what, INDArray actual, INDArray expected, INDArray tolerance) {
        INDArray scaledActual = KernelData.toDouble(actual).divi(tolerance);
        KernelData.assertClose(what + " (in units of the tolerance)", scaledActual, expected.div(tolerance), 1, 0);
    }

    @ParameterizedTest
    @MethodSource("loops")
    void matchesTheNd4jOpsOnOrdinaryAndExtremeValues(Kernels kernels) {
        check(kernels, 1, 3, 17);
        check(kernels, 2, 1, 1);
        check(kernels, 3, 40, 1031);
    }

    @ParameterizedTest
    @MethodSource("loops")
    void withoutABiasZStaysAsItIs(Kernels kernels) {
        INDArray z = inputs(4, 5, 23);
        INDArray before = z.dup();
        INDArray out = z.ulike();
        kernels.gelu.forward(z, null, out);
        KernelData.assertClose("z", z, before, 0, 0);
        KernelData.assertClose("gelu", out, Nonlinearity.GELU.forward(KernelData.toDouble(z)).out(), 1e-6, 1e-6);
    }
}
