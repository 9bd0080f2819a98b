package io.sparkllm.model.kernels;

/** {@link RowOps} one float at a time: where the JVM lacks the vector module. */
final class ScalarRowOps implements RowOps {
    @Override
    public float max(float[] x, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[i]);
        }
        return m;
    }

    @Override
    public float sum(float[] x, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) {
            s += x[i];
        }
        return s;
    }

    @Override
    public float dot(float[] a, float[] b, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Override
    public float squaredDeviations(float[] x, int n, float mean) {
        float s = 0;
        for (int i = 0; i < n; i++) {
            float d = x[i] - mean;
            s += d * d;
        }
        return s;
    }

    @Override
    public float expShifted(float[] x, int n, float shift) {
        return expShiftedTail(x, 0, n, shift, 0f);
    }

    /** {@link #expShifted} from element {@code from} on, adding to {@code sum}: also the vector loop's tail. */
    float expShiftedTail(float[] x, int from, int n, float shift, float sum) {
        float s = sum;
        for (int i = from; i < n; i++) {
            x[i] = FloatExp.of(x[i] - shift);
            s += x[i];
        }
        return s;
    }

    @Override
    public void scale(float[] x, int n, float factor) {
        for (int i = 0; i < n; i++) {
            x[i] *= factor;
        }
    }

    @Override
    public void add(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            x[i] += y[i];
        }
    }

    @Override
    public void multiply(float[] a, float[] b, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = a[i] * b[i];
        }
    }

    @Override
    public void softmaxBackward(float[] p, float[] g, int n, float dot) {
        for (int i = 0; i < n; i++) {
            g[i] = p[i] * (g[i] - dot);
        }
    }

    @Override
    public void normalise(float[] x, int n, float mean, float inverseStd, float[] gain, float[] bias, float[] normalised,
                          float[] out) {
        normaliseTail(x, 0, n, mean, inverseStd, gain, bias, normalised, out);
    }

    /** {@link #normalise} from index {@code from}: also the vector loop's tail. */
    void normaliseTail(float[] x, int from, int n, float mean, float inverseStd, float[] gain, float[] bias,
                       float[] normalised, float[] out) {
        for (int i = from; i < n; i++) {
            normalised[i] = (x[i] - mean) * inverseStd;
            out[i] = normalised[i] * gain[i] + bias[i];
        }
    }

    @Override
    public void accumulateAffine(float[] error, float[] normalised, float[] gainSums, float[] biasSums, int n) {
        for (int i = 0; i < n; i++) {
            gainSums[i] += error[i] * normalised[i];
            biasSums[i] += error[i];
        }
    }

    @Override
    public void normaliseBackward(float[] normalisedError, float[] normalised, int n, float meanError, float meanProjection,
                                  float inverseStd, float[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = (normalisedError[i] - meanError - normalised[i] * meanProjection) * inverseStd;
        }
    }

    @Override
    public void gelu(float[] z, float[] out, int n) {
        geluTail(z, out, 0, n);
    }

    /** {@link #gelu} from element {@code from} on: also the vector loop's tail. */
    void geluTail(float[] z, float[] out, int from, int n) {
        for (int i = from; i < n; i++) {
            out[i] = z[i] * NormalCdf.of(z[i]);
        }
    }

    @Override
    public void geluBackward(float[] z, float[] error, int n) {
        geluBackwardTail(z, error, 0, n);
    }

    /** {@link #geluBackward} from element {@code from} on: also the vector loop's tail. */
    void geluBackwardTail(float[] z, float[] error, int from, int n) {
        for (int i = from; i < n; i++) {
            error[i] *= Math.fma(z[i], NormalCdf.density(z[i]), NormalCdf.of(z[i]));
        }
    }

    @Override
    public void adam(float[] g, float[] m, float[] v, int n, float beta1, float beta2, float alpha, float epsilon) {
        adamTail(g, m, v, 0, n, beta1, beta2, alpha, epsilon);
    }

    /** {@link #adam} from element {@code start} on: the vector loop's tail. */
    void adamTail(float[] g, float[] m, float[] v, int start, int n, float beta1, float beta2, float alpha, float epsilon) {
        for (int i = start; i < n; i++) {
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
            g[i] = alpha * m[i] / ((float) Math.sqrt(v[i]) + epsilon);
        }
    }
}
