package io.sparkllm.model.kernels;

/**
 * The standard normal distribution function Φ(z) = erfc(-z/√2) / 2 in float, from the Chebyshev
 * fit of erfc in Numerical Recipes (2nd ed., §6.2, "erfcc"): erfc(x) = t · exp(-x² + P(t)),
 * t = 1 / (1 + x/2) for x ≥ 0, fractional error below 1.2e-7 everywhere. Written as erfc of |x|,
 * so the small side of Φ keeps that relative accuracy (no 1 - erf cancellation in the far tail);
 * the large side is 1 minus it. The SIMD loops run the same operations in the same order, fused
 * multiply-adds included, so both give the same bits.
 */
final class NormalCdf {
    static final float ROOT_HALF = (float) Math.sqrt(0.5);
    static final float INVERSE_ROOT_TWO_PI = (float) (1 / Math.sqrt(2 * Math.PI));
    /** P(t)'s coefficients, constant term first. */
    static final float[] P = {-1.26551223f, 1.00002368f, 0.37409196f, 0.09678418f, -0.18628806f,
            0.27886807f, -1.13520398f, 1.48851587f, -0.82215223f, 0.17087277f};

    private NormalCdf() {
    }

    /** Φ(z). */
    static float of(float z) {
        float x = Math.abs(z) * ROOT_HALF;
        float t = 1 / Math.fma(x, 0.5f, 1f);
        float p = P[P.length - 1];
        for (int i = P.length - 2; i >= 0; i--) {
            p = Math.fma(p, t, P[i]);
        }
        float half = t * 0.5f * FloatExp.of(p - x * x);
        return z > 0 ? 1 - half : half;
    }

    /** φ(z) = exp(-z²/2) / √(2π), the density. */
    static float density(float z) {
        return FloatExp.of(z * z * -0.5f) * INVERSE_ROOT_TWO_PI;
    }
}
