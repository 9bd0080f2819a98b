package io.sparkllm.datasets.dedup;

import io.sparkllm.datasets.text.Hash64;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * MinHash signatures of b bands × r rows over 64-bit shingle hashes. Permutation i is
 * h_i(x) = a_i·x + c_i mod 2^64 with a_i odd (a bijection of the 64-bit integers), seeded, so the
 * same settings give the same signatures everywhere. Two documents with Jaccard similarity J
 * agree on one row with probability J, and share at least one band bucket with probability
 * 1 - (1 - J^r)^b.
 */
public final class MinHash implements Serializable {
    private static final SignatureLoop LOOP = SignatureLoop.fastest();
    private final int bands;
    private final int rows;
    private final long[] a;
    // c with the sign bit flipped, as the signature loops take it.
    private final long[] cFlipped;

    public MinHash(int bands, int rows, long seed) {
        if (bands < 1 || rows < 1) {
            throw new IllegalArgumentException("bands and rows must be at least 1, got " + bands + " x " + rows);
        }
        this.bands = bands;
        this.rows = rows;
        SplittableRandom random = new SplittableRandom(seed);
        int n = bands * rows;
        a = new long[n];
        cFlipped = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextLong() | 1L;
            cFlipped[i] = random.nextLong() ^ Long.MIN_VALUE;
        }
    }

    public int bands() {
        return bands;
    }

    public int rows() {
        return rows;
    }

    /** The signature: for each permutation, the least permuted shingle (as unsigned). Empty sets get all-ones. */
    public long[] signature(long[] shingles) {
        return LOOP.minima(a, cFlipped, shingles);
    }

    /** The bucket of band {@code band}: a hash of its r rows. */
    public long bandKey(long[] signature, int band) {
        long h = 0x9E3779B97F4A7C15L ^ band;
        for (int i = band * rows; i < (band + 1) * rows; i++) {
            h = Hash64.mix(h ^ signature[i]) * 0x100000001B3L;
        }
        return Hash64.mix(h);
    }

    /** The share of rows on which two signatures agree: an estimate of their Jaccard similarity. */
    public static double similarity(long[] x, long[] y) {
        int same = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == y[i]) {
                same++;
            }
        }
        return (double) same / x.length;
    }

    /** The probability that documents of Jaccard similarity {@code j} share a bucket. */
    public static double candidateProbability(double j, int bands, int rows) {
        return 1 - Math.pow(1 - Math.pow(j, rows), bands);
    }

    /**
     * Bands and rows for {@code permutations} rows in all whose S-curve best separates
     * similarities above and below {@code threshold}: the least sum of false-positive and
     * false-negative areas, as datasketch chooses them.
     */
    public static int[] forThreshold(double threshold, int permutations) {
        double best = Double.MAX_VALUE;
        int[] choice = {1, permutations};
        for (int bands = 1; bands <= permutations; bands++) {
            final int b = bands;
            final int r = permutations / bands;
            double fp = integrate(j -> candidateProbability(j, b, r), 0, threshold);
            double fn = integrate(j -> 1 - candidateProbability(j, b, r), threshold, 1);
            if (fp + fn < best) {
                best = fp + fn;
                choice = new int[] {b, r};
            }
        }
        return choice;
    }

    private static double integrate(java.util.function.DoubleUnaryOperator f, double from, double to) {
        int steps = 200;
        double h = (to - from) / steps;
        double sum = 0;
        for (int i = 0; i < steps; i++) {
            sum += f.applyAsDouble(from + (i + 0.5) * h) * h;
        }
        return sum;
    }
}
