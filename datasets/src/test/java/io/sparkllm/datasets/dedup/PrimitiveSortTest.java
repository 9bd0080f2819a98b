package io.sparkllm.datasets.dedup;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

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
    void anIndexIsSortedByItsOrderOverOtherArrays() {
        Random random = new Random(2);
        for (int n : new int[] {0, 1, 30, 5000, 200_000}) {
            int[] band = new int[n];
            long[] key = new long[n];
            for (int i = 0; i < n; i++) {
                band[i] = random.nextInt(3);
                key[i] = random.nextInt(n / 7 + 1);
            }
            int[] index = IntStream.range(0, n).toArray();
            PrimitiveSort.PositionOrder order = (i, j) -> {
                int c = Integer.compare(band[i], band[j]);
                return c != 0 ? c : Long.compare(key[i], key[j]);
            };
            PrimitiveSort.sortIndex(index, n, order);
            Integer[] expected = IntStream.range(0, n).boxed().toArray(Integer[]::new);
            Arrays.sort(expected, Comparator.<Integer>comparingInt(i -> band[i]).thenComparingLong(i -> key[i]));
            assertThat(Arrays.stream(index).map(i -> band[i] * 1_000_000 + (int) key[i]).toArray())
                    .isEqualTo(Arrays.stream(expected).mapToInt(i -> band[i] * 1_000_000 + (int) key[i]).toArray());
            assertThat(Arrays.stream(index).sorted().toArray()).as("a permutation").isEqualTo(IntStream.range(0, n).toArray());
        }
    }
}
