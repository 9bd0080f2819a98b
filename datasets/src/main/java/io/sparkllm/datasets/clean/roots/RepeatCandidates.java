package io.sparkllm.datasets.clean.roots;

import java.util.Arrays;

/**
 * Two bit sets over a document's n-gram hashes that tell which n-grams can repeat: a hash whose
 * bit was set twice may repeat, any other n-gram certainly occurs once. Most n-grams of real text
 * occur once, so only the few candidates need an exact count in the (larger, cache-missing) hash
 * table, and the result is exactly what counting them all gives. One per thread, reused; the bit
 * sets are sized to the document (16 bits per n-gram, so they stay in the first-level cache).
 */
final class RepeatCandidates {
    private static final ThreadLocal<RepeatCandidates> PER_THREAD = ThreadLocal.withInitial(RepeatCandidates::new);

    private long[] once = new long[64];
    private long[] twice = new long[64];
    private int shift;

    /** This thread's sets, marked with {@code hashes[0, count)}. */
    static RepeatCandidates mark(long[] hashes, int count) {
        RepeatCandidates c = PER_THREAD.get();
        c.fill(hashes, count);
        return c;
    }

    private void fill(long[] hashes, int count) {
        int bits = Integer.highestOneBit(Math.max(64, count * 16 - 1)) << 1;
        int words = bits >>> 6;
        if (once.length < words) {
            once = new long[words];
            twice = new long[words];
        }
        Arrays.fill(once, 0, words, 0L);
        Arrays.fill(twice, 0, words, 0L);
        shift = 64 - Integer.numberOfTrailingZeros(bits);
        for (int i = 0; i < count; i++) {
            int b = bit(hashes[i]);
            long mask = 1L << b;
            int w = b >>> 6;
            twice[w] |= once[w] & mask;
            once[w] |= mask;
        }
    }

    /** False when the n-gram with this hash occurs exactly once among the marked ones. */
    boolean mayRepeat(long hash) {
        int b = bit(hash);
        return (twice[b >>> 6] & (1L << b)) != 0;
    }

    private int bit(long hash) {
        return (int) ((hash * 0xC2B2AE3D27D4EB4FL) >>> shift);
    }
}
