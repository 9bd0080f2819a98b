package io.sparkllm.model.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BpeMergerTest {
    @Test
    void mergesLowestRankFirstAndLeftmostOnTies() {
        // symbols 0=a 1=b; merges: (a,a)->2 rank 0, (2,b)->3 rank 1
        PairMergeTable table = new PairMergeTable(4);
        table.put(0, 0, 0, 2);
        table.put(2, 1, 1, 3);
        int[] symbols = {0, 0, 0, 1};
        int n = new BpeMerger(table).merge(symbols, 4);
        assertThat(Arrays.copyOf(symbols, n)).containsExactly(2, 0, 1);
    }

    @Test
    void longWordsGiveTheSameResultAsShortOnes() {
        // Random merges over a small alphabet; the heap path (long input) must equal repeated scanning.
        Random random = new Random(7);
        PairMergeTable table = new PairMergeTable(400);
        int next = 5;
        for (int rank = 0; rank < 200; rank++) {
            table.put(random.nextInt(next), random.nextInt(next), rank, next++);
        }
        BpeMerger merger = new BpeMerger(table);
        for (int trial = 0; trial < 200; trial++) {
            int length = 49 + random.nextInt(400);
            int[] word = random.ints(length, 0, 5).toArray();
            int[] byHeap = word.clone();
            int heapLength = merger.merge(byHeap, length);
            assertThat(Arrays.copyOf(byHeap, heapLength)).isEqualTo(scanAll(table, word));
        }
    }

    /** Reference: merge the best pair, one at a time, by a plain scan. */
    private static int[] scanAll(PairMergeTable table, int[] word) {
        int[] s = word.clone();
        int n = s.length;
        while (true) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < n; i++) {
                int slot = table.find(s[i], s[i + 1]);
                if (slot >= 0 && table.rankAt(slot) < bestRank) {
                    bestRank = table.rankAt(slot);
                    best = i;
                }
            }
            if (best < 0) {
                return Arrays.copyOf(s, n);
            }
            s[best] = table.mergedAt(table.find(s[best], s[best + 1]));
            System.arraycopy(s, best + 2, s, best + 1, n - best - 2);
            n--;
        }
    }
}
