package io.sparkllm.model.kernels;

/**
 * exp in float from plain IEEE operations (multiply, add, fused multiply-add, exponent bits), so
 * that every way the JVM runs it gives the same bits. The vector module's own EXP does not: C2
 * calls a SIMD math library while the interpreter and C1 fall back to Math.exp lane by lane, and
 * the two differ in the last bit for about 1% of inputs. A kernel whose results depend on when the
 * JIT finished compiling makes training irreproducible, and Adam's first steps turn such a bit into
 * a whole learning-rate step wherever a gradient is rounding noise (the key bias's, which is zero
 * in exact arithmetic). {@link VectorRowOps} runs the same steps lane by lane with these constants.
 *
 * <p>The method is Cephes' expf: x = n·ln2 + r with |r| ≤ ln2/2 (ln2 split in a high part exact in
 * float and a low correction), e^r from a degree-7 polynomial, then a scale by 2^n built from
 * exponent bits, in two halves so that n spans the whole float range: overflow gives infinity,
 * underflow gradual subnormals then 0, NaN stays NaN. Error within 2 ulp of the exact value.
 */
final class FloatExp {
    static final float LOWEST = -104f;
    static final float HIGHEST = 89f;
    static final float LOG2E = 1.44269504088896341f;
    /**
     * Adding 1.5·2^23 to a float below 2^22 in magnitude rounds it to the nearest integer, which
     * then sits in the sum's low mantissa bits: the sum's bits minus ROUNDER_BITS. Reading it from
     * the bits, not by a float-to-int conversion, keeps the SIMD loop compiled (C2 in JDK 17 left
     * the conversion to a 9x slower fallback).
     */
    static final float ROUNDER = 12582912f;
    static final int ROUNDER_BITS = 0x4B400000;
    static final float LN2_HIGH = 0.693359375f;
    static final float LN2_LOW = -2.12194440e-4f;
    /** The polynomial's coefficients, highest power first: e^r ≈ 1 + r + r²·P(r). */
    static final float P0 = 1.9875691500e-4f;
    static final float P1 = 1.3981999507e-3f;
    static final float P2 = 8.3334519073e-3f;
    static final float P3 = 4.1665795894e-2f;
    static final float P4 = 1.6666665459e-1f;
    static final float P5 = 5.0000001201e-1f;

    private FloatExp() {
    }

    /** e^x. */
    static float of(float x) {
        float clamped = Math.min(Math.max(x, LOWEST), HIGHEST);
        float rounded = Math.fma(clamped, LOG2E, ROUNDER);
        float n = rounded - ROUNDER;
        float r = Math.fma(n, -LN2_HIGH, clamped);
        r = Math.fma(n, -LN2_LOW, r);
        float p = Math.fma(P0, r, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        float e = Math.fma(p, r * r, r) + 1f;
        int whole = Float.floatToRawIntBits(rounded) - ROUNDER_BITS;
        int half = whole >> 1;
        return e * powerOfTwo(half) * powerOfTwo(whole - half);
    }

    /** 2^k for k in the normal exponent range. */
    static float powerOfTwo(int k) {
        return Float.intBitsToFloat((k + 127) << 23);
    }
}
