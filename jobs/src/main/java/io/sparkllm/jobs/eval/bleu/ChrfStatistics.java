package io.sparkllm.jobs.eval.bleu;

import java.io.Serializable;
import java.util.Arrays;

/**
 * chrF's sufficient statistics: for each order (character orders first, then word orders) the hypothesis
 * n-grams, the reference n-grams and the matches, as sacreBLEU lays them out. They add up over segments.
 */
public record ChrfStatistics(long[] counts) implements Serializable {
    public ChrfStatistics {
        if (counts.length % 3 != 0) {
            throw new IllegalArgumentException("chrF statistics come in triples, not " + counts.length + " numbers");
        }
        counts = counts.clone();
    }

    public static ChrfStatistics zero(int orders) {
        return new ChrfStatistics(new long[3 * orders]);
    }

    public int orders() {
        return counts.length / 3;
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    public long hypothesisNgrams(int orderIndex) {
        return counts[3 * orderIndex];
    }

    public long referenceNgrams(int orderIndex) {
        return counts[3 * orderIndex + 1];
    }

    public long matches(int orderIndex) {
        return counts[3 * orderIndex + 2];
    }

    public ChrfStatistics plus(ChrfStatistics other) {
        if (other.counts.length != counts.length) {
            throw new IllegalArgumentException("cannot add chrF statistics of " + other.orders() + " orders to "
                    + orders());
        }
        long[] sum = counts.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.counts[i];
        }
        return new ChrfStatistics(sum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChrfStatistics s && Arrays.equals(counts, s.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "ChrfStatistics" + Arrays.toString(counts);
    }
}
