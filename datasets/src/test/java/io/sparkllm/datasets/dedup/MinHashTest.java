package io.sparkllm.datasets.dedup;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MinHashTest {
    private final Shingles words = new Shingles(Shingles.Unit.WORD, 5);

    private static String text(Random random, int words) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words; i++) {
            out.add("w" + random.nextInt(5000));
        }
        return String.join(" ", out);
    }

    @Test
    void normalisationIgnoresCasePunctuationAndSpacing() {
        assertThat(words.of("The Cat, sat -- on   the MAT!")).isEqualTo(words.of("the cat sat on the mat"));
        assertThat(Shingles.normalize("  Ünïcode\u00A0ﬁne… ")).isEqualTo("ünïcode fine");
    }

    @Test
    void signatureAgreementEstimatesJaccard() {
        Random random = new Random(1);
        MinHash minHash = new MinHash(16, 16, 7);
        for (int trial = 0; trial < 20; trial++) {
            String base = text(random, 400);
            String[] w = base.split(" ");
            for (int k = 0; k < 40 + trial * 5; k++) {
                w[random.nextInt(w.length)] = "x" + random.nextInt(1000);
            }
            long[] a = words.of(base);
            long[] b = words.of(String.join(" ", w));
            double exact = Shingles.jaccard(a, b);
            double estimate = MinHash.similarity(minHash.signature(a), minHash.signature(b));
            // 256 rows: the standard error is at most sqrt(0.25/256) ~ 0.031
            assertThat(estimate).isCloseTo(exact, within(0.12));
        }
    }

    @Test
    void theSameSettingsGiveTheSameSignatures() {
        long[] s = words.of("a b c d e f g h i j k l m n o p");
        assertThat(new MinHash(14, 8, 1).signature(s)).isEqualTo(new MinHash(14, 8, 1).signature(s));
        assertThat(new MinHash(14, 8, 2).signature(s)).isNotEqualTo(new MinHash(14, 8, 1).signature(s));
    }

    @Test
    void bandsAndRowsFollowTheThreshold() {
        // datatrove's 14 x 8: half the pairs at J ~0.685 become candidates, 92% at 0.8, 99.8% at 0.9.
        assertThat(MinHash.candidateProbability(0.685, 14, 8)).isCloseTo(0.5, within(0.02));
        assertThat(MinHash.candidateProbability(0.8, 14, 8)).isCloseTo(0.92, within(0.01));
        assertThat(MinHash.candidateProbability(0.9, 14, 8)).isGreaterThan(0.99);
        int[] high = MinHash.forThreshold(0.9, 112);
        int[] low = MinHash.forThreshold(0.5, 112);
        assertThat(high[1]).isGreaterThan(low[1]);
        assertThat(high[0] * high[1]).isLessThanOrEqualTo(112);
        double atHigh = MinHash.candidateProbability(0.95, high[0], high[1]);
        double atLow = MinHash.candidateProbability(0.7, high[0], high[1]);
        assertThat(atHigh).isGreaterThan(0.8);
        assertThat(atLow).isLessThan(0.2);
    }

    @Test
    void jaccardOfSortedSets() {
        assertThat(Shingles.jaccard(new long[] {1, 2, 3}, new long[] {2, 3, 4})).isEqualTo(0.5);
        assertThat(Shingles.jaccard(new long[0], new long[0])).isEqualTo(1.0);
    }
}
