package io.sparkllm.model.layers;

import io.sparkllm.model.kernels.Kernels;
import io.sparkllm.model.kernels.RowOps;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** What the fused-kernel tests share: both kinds of loops, seeded float data, and an element-wise closeness check. */
final class KernelData {
    private KernelData() {
    }

    /** The SIMD loops (the test JVM has the vector module, as every launcher does) and the scalar fallback. */
    static Stream<Kernels> bothLoops() {
        RowOps vector = RowOps.fastest();
        assertThat(vector.lanes()).as("SIMD lanes in the test JVM").isGreaterThan(1);
        return Stream.of(new Kernels(vector), new Kernels(RowOps.scalar()));
    }

    /** A float array of normal values times {@code scale}. */
    static INDArray normal(Random random, double scale, long... shape) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape);
        float[] values = new float[(int) out.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return Nd4j.createFromArray(values).reshape(shape);
    }

    static INDArray toDouble(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c');
    }

    /**
     * Fails unless |actual - expected| ≤ abs + rel · |expected| everywhere, naming the worst element.
     * NaN equals NaN and infinities must match exactly.
     */
    static void assertClose(String what, INDArray actual, INDArray expected, double abs, double rel) {
        assertThat(actual.shape()).as(what + " shape").isEqualTo(expected.shape());
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').reshape(actual.length()).toDoubleVector();
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').reshape(expected.length()).toDoubleVector();
        assertClose(what, a, e, abs, rel);
    }

    static void assertClose(String what, double[] a, double[] e, double abs, double rel) {
        int worst = -1;
        double worstRatio = 1;
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(e[i]) || Double.isInfinite(e[i])) {
                if (Double.compare(a[i], e[i]) != 0) {
                    fail(what + "[" + i + "] = " + a[i] + ", expected " + e[i]);
                }
                continue;
            }
            if (a[i] == e[i]) {
                continue;
            }
            double ratio = Math.abs(a[i] - e[i]) / (abs + rel * Math.abs(e[i]));
            if (!(ratio <= worstRatio)) {
                worst = i;
                worstRatio = ratio;
            }
        }
        if (worst >= 0) {
            fail(what + "[" + worst + "] = " + a[worst] + ", expected " + e[worst] + " (off by " + Math.abs(a[worst] - e[worst])
                    + ", allowed " + abs + " + " + rel + "·|expected|)");
        }
    }
}
