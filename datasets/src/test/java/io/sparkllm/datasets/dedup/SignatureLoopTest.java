package io.sparkllm.datasets.dedup;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SignatureLoopTest {
    /** The definition: for each permutation, the unsigned least a·x + c. */
    private static long[] byDefinition(long[] a, long[] c, long[] shingles) {
        long[] min = new long[a.length];
        java.util.Arrays.fill(min, -1L);
        for (long x : shingles) {
            for (int i = 0; i < a.length; i++) {
                long v = a[i] * x + c[i];
                if (Long.compareUnsigned(v, min[i]) < 0) {
                    min[i] = v;
                }
            }
        }
        return min;
    }

    private static void assertBothLoopsFollowTheDefinition(SignatureLoop loop) {
        SplittableRandom random = new SplittableRandom(3);
        for (int n : new int[] {1, 3, 8, 112, 117, 256}) {
            long[] a = random.longs(n).map(v -> v | 1L).toArray();
            long[] c = random.longs(n).toArray();
            long[] cFlipped = java.util.Arrays.stream(c).map(v -> v ^ Long.MIN_VALUE).toArray();
            for (int size : new int[] {0, 1, 5, 300}) {
                long[] shingles = random.longs(size).toArray();
                if (size == 5) {
                    shingles[3] = 0; // the least unsigned value
                    shingles[4] = -1L;
                }
                long[] expected = byDefinition(a, c, shingles);
                assertThat(new ScalarSignatureLoop().minima(a, cFlipped, shingles)).isEqualTo(expected);
                assertThat(loop.minima(a, cFlipped, shingles)).as("%d permutations, %d shingles", n, size)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void theFastestLoopAndTheScalarLoopGiveTheSignatureByDefinition() {
        assertBothLoopsFollowTheDefinition(SignatureLoop.fastest());
    }

    @Test
    void theVectorLoopIsUsedWhereTheModuleIsPresentAndGivesTheSameSignatures() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "no vector module");
        assumeTrue(new VectorSignatureLoop().lanes() >= 4, "fewer than four 64-bit lanes");
        assertThat(SignatureLoop.fastest()).isInstanceOf(VectorSignatureLoop.class);
        assertBothLoopsFollowTheDefinition(new VectorSignatureLoop());
    }
}
