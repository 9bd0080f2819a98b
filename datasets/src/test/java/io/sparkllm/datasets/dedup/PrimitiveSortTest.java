package io.sparkllm.datasets.dedup;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PrimitiveSortTest {
    @Test
    void pairsAreSortedByKeyWithTheirValuesWhateverTheRepeats() {
        Random random = new Random(1);
        for (int n : new int[] {0, 1, 2, 23, 24, 25, 1000, 100_000}) {
            for (int distinct : new int[] {1, 3, 1 << 30}) {
                long[] keys = new long[n];
                long[] values = new long[n];
                for (int i = 0; i < n; i++) {
                    keys[i] = random.nextInt(distinct) - distinct / 2;
                    values[i] = keys[i] * 31 + random.nextInt(5);
                }
                long[] expected = keys.clone();
                Arrays.sort(expected);
                PrimitiveSort.sortPairs(keys, values, n);
                assertThat(keys).as("%d keys, %d distinct", n, distinct).isEqualTo(expected);
                for (int i = 0; i < n; i++) {
                    assertThat(values[i] - keys[i] * 31).isBetween(0L, 4L);
                }
            }
        }
    }

    @Test
    void aRangeIsSortedAndTheRestLeftAlone() {
        Random random = new Random(2);
        for (int n : new int[] {0, 1, 30, 5000}) {
            long[] keys = random.longs(n + 20).toArray();
            long[] values = keys.clone();
            long[] expected = keys.clone();
            Arrays.sort(expected, 10, 10 + n);
            PrimitiveSort.sortPairs(keys, values, 10, 10 + n);
            assertThat(keys).isEqualTo(expected);
            assertThat(values).as("values moved with their keys").isEqualTo(expected);
        }
    }
}
