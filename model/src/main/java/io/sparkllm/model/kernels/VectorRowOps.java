package io.sparkllm.model.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowOps} with SIMD lanes (the JVM's preferred width). Each loop runs whole vectors and
 * hands the tail (n not a multiple of the lanes) to the scalar loop, so odd lengths are exact too.
 * Elementwise results (exp, GELU) equal the scalar loop's bit for bit: exp is {@link FloatExp} lane
 * by lane, never the vector module's EXP, whose bits depend on whether C2 compiled the caller. Loaded by name only where the vector module is present.
 */
final class VectorRowOps implements RowOps {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ScalarRowOps TAIL = new ScalarRowOps();

    @Override
    public int lanes() {
        return S.length();
    }

    /** Where the whole vectors end. */
    private static int bound(int n) {
        return S.loopBound(n);
    }

    @Override
    public float max(float[] x, int n) {
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < bound(n); i += S.length()) {
            m = m.max(FloatVector.fromArray(S, x, i));
        }
        float r = m.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            r = Math.max(r, x[i]);
        }
        return r;
    }

    @Override
    public float sum(float[] x, int n) {
        FloatVector s = FloatVector.zero(S);
        int i = 0;
        for (; i < bound(n); i += S.length()) {
            s = s.add(FloatVector.fromArray(S, x, i));
        }
        float r = s.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            r += x[i];
        }
        return r;
    }

    @Override
    public float dot(float[] a, float[] b, int n) {
        FloatVector s = FloatVector.zero(S);
        int i = 0;
        for (; i < bound(n); i += S.length()) {
            s = FloatVector.fromArray(S, a, i).fma(FloatVector.fromArray(S, b, i), s);
        }
        float r = s.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            r += a[i] * b[i];
        }
        return r;
    }

    @Override
    public float squaredDeviations(float[] x, int n, float mean) {
        FloatVector s = FloatVector.zero(S);
        int i = 0;
        for (; i < bound(n); i += S.length()) {
            FloatVector d = FloatVector.fromArray(S, x, i).sub(mean);
            s = d.fma(d, s);
        }
        float r = s.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float d = x[i] - mean;
            r += d * d;
        }
        return r;
    }

    @Override
    public float expShifted(float[] x, int n, float shift) {
        FloatVector s = FloatVector.zero(S);
        int i = 0;
        for (; i < bound(n); i += S.length()) {
            FloatVector e = exp(FloatVector.fromArray(S, x, i).sub(shift));
            e.intoArray(x, i);
            s = s.add(e);
        }
        return TAIL.expShiftedTail(x, i, n, shift, s.reduceLanes(VectorOperators.ADD));
    }

    @Override
    public void scale(float[] x, int n, float factor) {
        int i = 0;
        for (; i < bound(n); i += S.length()) {
            FloatVector.fromArray(S, x, i).mul(factor).intoArray(x, i);
        }
        for (; i < n; i++) {
            x[i] *= factor;
        }
    }

    @Override
    public void add(float[] x, float[] y, int n) {
        int i = 0;
        for (; i < bound(n); i += S.length()) {
            FloatVector.fromArray(S, x, i).add(FloatVector.fromArray(S, y, i)).intoArray(x, i);
        }
        for (; i < n; i++) {
            x[i] += y[i];
        }
    }

    @Override
    public void multiply(float[] a, float[] b, float[] out, int n) {
        int i = 0;
        for (; i < bound(n); i += S.length()) {
            FloatVector.fromArray(S, a, i).mul(FloatVector.fromArray(S, b, i)).intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] = a[i] * b[i];
        }
    }

    @Override
    public void softmaxBackward(float[] p, float[] g, int n, float dot) {
        int i = 0;
        for (; i < bound(n); i += S.length()) {
            FloatVector.fromArray(S, g, i).sub(dot).mul(FloatVector.fromArray(S, p, i)).intoArray(g, i);
        }
        for (; i < n; i++) {
            g[i] = p[i] * (g[i] - dot);
        }
    }

    @Override
    public void normalise(float[] x, int n, float mean, float inverseStd, float[] gain, float[] bias, float[] normalised,
                          float[] out) {
        int i = 0;
        for (; i < bound(n); i += S.length()) {
            FloatVector h = FloatVector.fromArray(S, x, i).sub(mean).mul(inverseStd);
            h.intoArray(normalised, i);
            h.fma(FloatVector.fromArray(S, gain, i), FloatVector.fromArray(S, bias, i)).intoArray(out, i);
        }
        TAIL.normaliseTail(x, i, n, mean, inverseStd, gain, bias, normalised, out);
    }

    @Override
    public void accumulateAffine(float[] error, float[] normalised, float[] gainSums, float[] biasSums, int n) {
        int i = 0;
        for (; i < bound(n); i += S.length()) {
            FloatVector e = FloatVector.fromArray(S, error, i);
            e.fma(FloatVector.fromArray(S, normalised, i), FloatVector.fromArray(S, gainSums, i)).intoArray(gainSums, i);
            e.add(FloatVector.fromArray(S, biasSums, i)).intoArray(biasSums, i);
        }
        for (; i < n; i++) {
            gainSums[i] += error[i] * normalised[i];
            biasSums[i] += error[i];
        }
    }

    @Override
    public void normaliseBackward(float[] normalisedError, float[] normalised, int n, float meanError, float meanProjection,
                                  float inverseStd, float[] out) {
        int i = 0;
        for (; i < bound(n); i += S.length()) {
            FloatVector.fromArray(S, normalised, i).mul(-meanProjection)
                    .add(FloatVector.fromArray(S, normalisedError, i)).sub(meanError).mul(inverseStd).intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] = (normalisedError[i] - meanError - normalised[i] * meanProjection) * inverseStd;
        }
    }

    /** {@link FloatExp#of} lane by lane (the polynomial written out: C2 then folds its constants). */
    private static FloatVector exp(FloatVector x) {
        FloatVector clamped = x.max(FloatExp.LOWEST).min(FloatExp.HIGHEST);
        FloatVector rounded = clamped.fma(FloatExp.LOG2E, FloatExp.ROUNDER);
        FloatVector n = rounded.sub(FloatExp.ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(S, -FloatExp.LN2_HIGH), clamped);
        r = n.fma(FloatVector.broadcast(S, -FloatExp.LN2_LOW), r);
        FloatVector p = r.fma(FloatExp.P0, FloatExp.P1);
        p = p.fma(r, FloatVector.broadcast(S, FloatExp.P2));
        p = p.fma(r, FloatVector.broadcast(S, FloatExp.P3));
        p = p.fma(r, FloatVector.broadcast(S, FloatExp.P4));
        p = p.fma(r, FloatVector.broadcast(S, FloatExp.P5));
        FloatVector e = p.fma(r.mul(r), r).add(1f);
        IntVector whole = ((IntVector) rounded.reinterpretAsInts()).sub(FloatExp.ROUNDER_BITS);
        IntVector half = whole.lanewise(VectorOperators.ASHR, 1);
        return e.mul(powerOfTwo(half)).mul(powerOfTwo(whole.sub(half)));
    }

    /** 2^k lane by lane, as {@link FloatExp#powerOfTwo}. */
    private static FloatVector powerOfTwo(IntVector k) {
        return k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    /** Φ(z) lane by lane, as {@link NormalCdf#of}. */
    private static FloatVector cdf(FloatVector z) {
        FloatVector x = z.abs().mul(NormalCdf.ROOT_HALF);
        FloatVector t = FloatVector.broadcast(S, 1f).div(x.fma(0.5f, 1f));
        FloatVector p = FloatVector.broadcast(S, NormalCdf.P[NormalCdf.P.length - 1]);
        for (int k = NormalCdf.P.length - 2; k >= 0; k--) {
            p = p.fma(t, FloatVector.broadcast(S, NormalCdf.P[k]));
        }
        FloatVector half = t.mul(0.5f).mul(exp(p.sub(x.mul(x))));
        return half.blend(half.neg().add(1f), z.compare(VectorOperators.GT, 0f));
    }

    @Override
    public void gelu(float[] z, float[] out, int n) {
        int i = 0;
        for (; i < bound(n); i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, z, i);
            v.mul(cdf(v)).intoArray(out, i);
        }
        TAIL.geluTail(z, out, i, n);
    }

    @Override
    public void geluBackward(float[] z, float[] error, int n) {
        int i = 0;
        for (; i < bound(n); i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, z, i);
            FloatVector density = exp(v.mul(v).mul(-0.5f)).mul(NormalCdf.INVERSE_ROOT_TWO_PI);
            FloatVector slope = v.fma(density, cdf(v));
            slope.mul(FloatVector.fromArray(S, error, i)).intoArray(error, i);
        }
        TAIL.geluBackwardTail(z, error, i, n);
    }

    @Override
    public void adam(float[] g, float[] m, float[] v, int n, float beta1, float beta2, float alpha, float epsilon) {
        int i = 0;
        for (; i < bound(n); i += S.length()) {
            FloatVector grad = FloatVector.fromArray(S, g, i);
            FloatVector mean = FloatVector.fromArray(S, m, i).mul(beta1).add(grad.mul(1 - beta1));
            FloatVector square = FloatVector.fromArray(S, v, i).mul(beta2).add(grad.mul(grad).mul(1 - beta2));
            mean.intoArray(m, i);
            square.intoArray(v, i);
            mean.mul(alpha).div(square.sqrt().add(epsilon)).intoArray(g, i);
        }
        TAIL.adamTail(g, m, v, i, n, beta1, beta2, alpha, epsilon);
    }
}
