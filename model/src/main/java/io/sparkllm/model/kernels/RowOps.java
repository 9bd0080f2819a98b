package io.sparkllm.model.kernels;

/**
 * The loops the fused kernels are built from, each over the first {@code n} floats of rows held
 * in plain arrays (a row is copied into such an array once, worked on while it sits in the first
 * cache level, and copied back once). Two implementations give the same results within float
 * rounding: {@link VectorRowOps} with SIMD lanes, {@link ScalarRowOps} without.
 */
public interface RowOps {
    /** The largest of x[0..n). */
    float max(float[] x, int n);

    /** Σ x[0..n). */
    float sum(float[] x, int n);

    /** Σ a·b. */
    float dot(float[] a, float[] b, int n);

    /** Σ (x - mean)². */
    float squaredDeviations(float[] x, int n, float mean);

    /** x ← exp(x - shift) in place; returns the sum of the results. */
    float expShifted(float[] x, int n, float shift);

    /** x ← x · factor in place. */
    void scale(float[] x, int n, float factor);

    /** x ← x + y in place. */
    void add(float[] x, float[] y, int n);

    /** out ← a · b. */
    void multiply(float[] a, float[] b, float[] out, int n);

    /** Softmax backward in place in the error g: g ← p · (g - dot), dot = Σ g·p. */
    void softmaxBackward(float[] p, float[] g, int n, float dot);

    /** normalised ← (x - mean) · inverseStd; out ← normalised · gain + bias. */
    void normalise(float[] x, int n, float mean, float inverseStd, float[] gain, float[] bias, float[] normalised, float[] out);

    /** gainSums += error · normalised; biasSums += error (column sums over rows). */
    void accumulateAffine(float[] error, float[] normalised, float[] gainSums, float[] biasSums, int n);

    /** out ← (normalisedError - meanError - normalised · meanProjection) · inverseStd. */
    void normaliseBackward(float[] normalisedError, float[] normalised, int n, float meanError, float meanProjection,
                           float inverseStd, float[] out);

    /** out ← z · Φ(z), the erf GELU (Φ the standard normal distribution function). */
    void gelu(float[] z, float[] out, int n);

    /** error ← error · (Φ(z) + z · φ(z)), the erf GELU's derivative. */
    void geluBackward(float[] z, float[] error, int n);

    /**
     * One Adam step in place: m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², and the update
     * g ← alpha · m / (√v + epsilon), alpha carrying the learning rate and bias corrections.
     */
    void adam(float[] g, float[] m, float[] v, int n, float beta1, float beta2, float alpha, float epsilon);

    /** The SIMD loops where the JVM has the incubating vector module (the launchers add it) with at least 4 float lanes; else the scalar ones. */
    static RowOps fastest() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                RowOps vector = (RowOps) Class.forName("io.sparkllm.model.kernels.VectorRowOps").getDeclaredConstructor().newInstance();
                if (vector.lanes() >= 4) {
                    return vector;
                }
            } catch (ReflectiveOperationException | LinkageError unavailable) {
                // the scalar loops below
            }
        }
        return new ScalarRowOps();
    }

    /** The scalar loops, whatever the JVM offers (tests compare them with the vector ones). */
    static RowOps scalar() {
        return new ScalarRowOps();
    }

    /** How many floats one step handles. */
    default int lanes() {
        return 1;
    }
}
