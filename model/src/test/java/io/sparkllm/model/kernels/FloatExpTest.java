package io.sparkllm.model.kernels;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class FloatExpTest {
    @Test
    void staysWithinTwoUlpOfTheExactValueAcrossTheWholeFloatRange() {
        int checked = 0;
        for (float x = -104.5f; x <= 89.5f; x += 0.000731f) {
            double exact = Math.exp(x);
            float ours = FloatExp.of(x);
            float ulp = Math.ulp((float) exact);
            assertThat(Math.abs(ours - exact)).as("exp(%s) = %s against %s", x, ours, exact)
                    .isLessThanOrEqualTo(exact > Float.MAX_VALUE ? Double.POSITIVE_INFINITY : 2.0 * ulp);
            checked++;
        }
        assertThat(checked).isGreaterThan(250_000);
    }

    @Test
    void keepsTheEdgesOfTheFloatRange() {
        assertThat(FloatExp.of(0f)).isEqualTo(1f);
        assertThat(FloatExp.of(Float.NEGATIVE_INFINITY)).isEqualTo(0f);
        assertThat(FloatExp.of(-200f)).isEqualTo(0f);
        assertThat(FloatExp.of(-100f)).as("gradual underflow").isGreaterThan(0f).isLessThan(Float.MIN_NORMAL);
        assertThat(FloatExp.of(88.7f)).isLessThan(Float.POSITIVE_INFINITY);
        assertThat(FloatExp.of(88.8f)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(FloatExp.of(Float.POSITIVE_INFINITY)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(FloatExp.of(Float.NaN)).isNaN();
    }

    /**
     * The property that makes training reproducible: the SIMD lanes run the scalar steps exactly,
     * interpreted at first and compiled by C2 after enough rounds (the vector module's own EXP
     * passed the first rounds and failed the compiled ones).
     */
    @Test
    void simdLanesGiveTheScalarLoopsBitsForExpAndGeluBeforeAndAfterCompilation() {
        RowOps vector = RowOps.fastest();
        RowOps scalar = RowOps.scalar();
        assertThat(vector.lanes()).as("SIMD lanes in the test JVM").isGreaterThan(1);
        float[] input = awkwardFloats(4099);
        for (int round = 0; round < 2000; round++) {
            compareLoops(vector, scalar, input);
        }
        // Every length up to three vectors, the awkward values at the end, where the scalar tail runs,
        // then many random ones (a fused multiply-add and its two roundings part in a few of them).
        Random random = new Random(3);
        for (int n = 1; n <= 3 * vector.lanes(); n++) {
            float[] x = awkwardFloats(n);
            for (int k = 0; k < Math.min(n, SPECIAL.length); k++) {
                x[n - 1 - k] = SPECIAL[k];
            }
            compareLoops(vector, scalar, x);
            for (int trial = 0; trial < 300; trial++) {
                for (int i = 0; i < n; i++) {
                    x[i] = (float) random.nextGaussian() * 3f;
                }
                compareLoops(vector, scalar, x);
            }
        }
    }

    private static void compareLoops(RowOps vector, RowOps scalar, float[] input) {
        float[] vectorExp = input.clone();
        float[] scalarExp = input.clone();
        vector.expShifted(vectorExp, input.length, 1.5f);
        scalar.expShifted(scalarExp, input.length, 1.5f);
        assertSameBits(vectorExp, scalarExp, "exp");

        float[] vectorGelu = new float[input.length];
        float[] scalarGelu = new float[input.length];
        vector.gelu(input, vectorGelu, input.length);
        scalar.gelu(input, scalarGelu, input.length);
        assertSameBits(vectorGelu, scalarGelu, "gelu");

        float[] vectorError = awkwardFloats(input.length);
        float[] scalarError = vectorError.clone();
        vector.geluBackward(input, vectorError, input.length);
        scalar.geluBackward(input, scalarError, input.length);
        assertSameBits(vectorError, scalarError, "gelu backward");
    }

    private static final float[] SPECIAL = {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, 0f, -0f, -95f,
        -104f, 88.5f, 89.2f, 1.3f, -2.7f};

    /** Normal values at several scales, with infinities, NaN, zeros and subnormal results among them. */
    private static float[] awkwardFloats(int n) {
        Random random = new Random(29);
        float[] x = new float[n];
        float[] scales = {0.01f, 1f, 5f, 40f};
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian() * scales[i % scales.length];
        }
        if (n >= 7 + SPECIAL.length) {
            System.arraycopy(SPECIAL, 0, x, 7, SPECIAL.length);
        }
        return x;
    }

    private static void assertSameBits(float[] actual, float[] expected, String what) {
        for (int i = 0; i < actual.length; i++) {
            if (Float.floatToIntBits(actual[i]) != Float.floatToIntBits(expected[i])) {
                assertThat(actual[i]).as("%s at %d", what, i).isEqualTo(expected[i]);
            }
        }
    }
}
