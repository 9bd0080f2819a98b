package io.sparkllm.datasets.dedup;

import java.util.Arrays;

/**
 * The signature loop in plain Java. Minima are held with the sign bit flipped, so that signed
 * order is unsigned order and {@code a·x + c} flipped is {@code a·x + (c flipped)}: one add, one
 * signed minimum.
 */
final class ScalarSignatureLoop implements SignatureLoop {
    @Override
    public long[] minima(long[] a, long[] cFlipped, long[] shingles) {
        int n = a.length;
        long[] min = new long[n];
        Arrays.fill(min, Long.MAX_VALUE);
        for (long x : shingles) {
            for (int i = 0; i < n; i++) {
                min[i] = Math.min(min[i], a[i] * x + cFlipped[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            min[i] ^= Long.MIN_VALUE;
        }
        return min;
    }
}
