package io.sparkllm.jobs.eval.bleu;

import java.io.Serializable;
import java.util.Arrays;

/**
 * BLEU's sufficient statistics: hypothesis length, the closest reference length, and per n-gram order the
 * clipped matches and the hypothesis n-grams. They add up over segments, so a corpus score can be computed
 * from statistics gathered anywhere (for example per Spark partition) and summed.
 */
public record BleuStatistics(long hypLength, long refLength, long[] matches, long[] totals) implements Serializable {
    public BleuStatistics {
        if (matches.length != totals.length) {
            throw new IllegalArgumentException("matches and totals must cover the same orders");
        }
        matches = matches.clone();
        totals = totals.clone();
    }

    public static BleuStatistics zero(int maxOrder) {
        return new BleuStatistics(0, 0, new long[maxOrder], new long[maxOrder]);
    }

    public int maxOrder() {
        return matches.length;
    }

    @Override
    public long[] matches() {
        return matches.clone();
    }

    @Override
    public long[] totals() {
        return totals.clone();
    }

    public BleuStatistics plus(BleuStatistics other) {
        if (other.maxOrder() != maxOrder()) {
            throw new IllegalArgumentException("cannot add statistics of order " + other.maxOrder() + " to order "
                    + maxOrder());
        }
        long[] m = matches.clone();
        long[] t = totals.clone();
        for (int i = 0; i < m.length; i++) {
            m[i] += other.matches[i];
            t[i] += other.totals[i];
        }
        return new BleuStatistics(hypLength + other.hypLength, refLength + other.refLength, m, t);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BleuStatistics s && hypLength == s.hypLength && refLength == s.refLength
                && Arrays.equals(matches, s.matches) && Arrays.equals(totals, s.totals);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(hypLength) + Long.hashCode(refLength)) + 7 * Arrays.hashCode(matches)
                + Arrays.hashCode(totals);
    }

    @Override
    public String toString() {
        return "BleuStatistics[hypLength=" + hypLength + ", refLength=" + refLength + ", matches="
                + Arrays.toString(matches) + ", totals=" + Arrays.toString(totals) + "]";
    }
}
