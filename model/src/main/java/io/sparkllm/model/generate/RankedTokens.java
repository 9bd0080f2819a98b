package io.sparkllm.model.generate;

import java.util.Arrays;

/**
 * Ranks token ids by score, highest first, equal scores by the lower id, so that every cut (top-k, top-p, the beam's
 * candidates) is deterministic. A token and its score are packed into one {@code long} that sorts in rank order,
 * which keeps the ranking on primitive arrays for vocabularies of 50k and more.
 */
final class RankedTokens {
    private RankedTokens() {
    }

    /** The ids of the {@code k} highest scores (all of them when {@code k >= scores.length}), in rank order. */
    static int[] best(float[] scores, int k) {
        int n = scores.length;
        int count = Math.min(k, n);
        long[] keys;
        // A bounded heap pays off only when k is a small part of the vocabulary (top-k 50 of 50k, a beam's 2 * width).
        if (count * 8L >= n) {
            keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = key(scores[i], i);
            }
        } else {
            keys = smallestKeys(scores, count);
        }
        Arrays.sort(keys);
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = (int) keys[i];
        }
        return ids;
    }

    /** A key that sorts ascending as the score descends and, among equal scores, as the id ascends. */
    static long key(float score, int id) {
        int bits = Float.floatToIntBits(score + 0.0f); // + 0.0f folds -0.0 into 0.0: they are equal scores
        int ordered = bits ^ ((bits >> 31) & 0x7FFFFFFF); // as a signed int this orders like the float
        return ((long) ~ordered << 32) | id;
    }

    /** The {@code k} smallest keys, unordered, through a max-heap of size k. */
    private static long[] smallestKeys(float[] scores, int k) {
        long[] heap = new long[k];
        int size = 0;
        for (int i = 0; i < scores.length; i++) {
            long key = key(scores[i], i);
            if (size < k) {
                heap[size] = key;
                siftUp(heap, size++);
            } else if (key < heap[0]) {
                heap[0] = key;
                siftDown(heap, k);
            }
        }
        return heap;
    }

    private static void siftUp(long[] heap, int at) {
        long value = heap[at];
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (heap[parent] >= value) {
                break;
            }
            heap[at] = heap[parent];
            at = parent;
        }
        heap[at] = value;
    }

    private static void siftDown(long[] heap, int size) {
        long value = heap[0];
        int at = 0;
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1] > heap[child]) {
                child++;
            }
            if (heap[child] <= value) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = value;
    }
}
