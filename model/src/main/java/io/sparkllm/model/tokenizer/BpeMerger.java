package io.sparkllm.model.tokenizer;

/**
 * Applies BPE merges to a sequence of symbol ids: always the pair of lowest rank, the leftmost of
 * equal ranks, until no pair merges (Hugging Face's order). Short words scan for the best pair;
 * long ones (a whole line for SentencePiece-style models) use a linked list and a heap, so the
 * work stays O(n log n). Not thread-safe: one per thread.
 */
final class BpeMerger {
    private static final int SCAN_LIMIT = 48;
    private final PairMergeTable merges;
    private int[] next = new int[64];
    private int[] prev = new int[64];
    private long[] heap = new long[64];
    private int heapSize;

    BpeMerger(PairMergeTable merges) {
        this.merges = merges;
    }

    /** Merges {@code symbols[0..length)} in place and returns the new length. */
    int merge(int[] symbols, int length) {
        return length <= SCAN_LIMIT ? mergeByScan(symbols, length) : mergeByHeap(symbols, length);
    }

    private int mergeByScan(int[] symbols, int length) {
        while (length > 1) {
            int bestRank = Integer.MAX_VALUE;
            int bestPos = -1;
            int bestId = 0;
            for (int i = 0; i + 1 < length; i++) {
                int slot = merges.find(symbols[i], symbols[i + 1]);
                if (slot >= 0) {
                    int rank = merges.rankAt(slot);
                    if (rank < bestRank) {
                        bestRank = rank;
                        bestPos = i;
                        bestId = merges.mergedAt(slot);
                    }
                }
            }
            if (bestPos < 0) {
                break;
            }
            symbols[bestPos] = bestId;
            System.arraycopy(symbols, bestPos + 2, symbols, bestPos + 1, length - bestPos - 2);
            length--;
        }
        return length;
    }

    private int mergeByHeap(int[] symbols, int length) {
        if (next.length < length) {
            next = new int[length];
            prev = new int[length];
        }
        heapSize = 0;
        for (int i = 0; i < length; i++) {
            next[i] = i + 1 < length ? i + 1 : -1;
            prev[i] = i - 1;
        }
        for (int i = 0; i + 1 < length; i++) {
            offer(i, symbols[i], symbols[i + 1]);
        }
        // A removed symbol is marked by prev == -2.
        while (heapSize > 0) {
            long top = poll();
            int rank = (int) (top >>> 32);
            int pos = (int) top;
            if (prev[pos] == -2) {
                continue;
            }
            int right = next[pos];
            if (right < 0) {
                continue;
            }
            int slot = merges.find(symbols[pos], symbols[right]);
            if (slot < 0 || merges.rankAt(slot) != rank) {
                continue; // stale: one side merged since this entry was queued
            }
            symbols[pos] = merges.mergedAt(slot);
            int after = next[right];
            next[pos] = after;
            if (after >= 0) {
                prev[after] = pos;
            }
            prev[right] = -2;
            if (prev[pos] >= 0) {
                offer(prev[pos], symbols[prev[pos]], symbols[pos]);
            }
            if (after >= 0) {
                offer(pos, symbols[pos], symbols[after]);
            }
        }
        int n = 0;
        for (int i = 0; i >= 0; i = next[i]) {
            symbols[n++] = symbols[i];
        }
        return n;
    }

    private void offer(int pos, int left, int right) {
        int slot = merges.find(left, right);
        if (slot < 0) {
            return;
        }
        long entry = ((long) merges.rankAt(slot) << 32) | pos;
        if (heapSize == heap.length) {
            heap = java.util.Arrays.copyOf(heap, heapSize * 2);
        }
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= entry) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = entry;
    }

    private long poll() {
        long top = heap[0];
        long last = heap[--heapSize];
        int i = 0;
        int half = heapSize >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < heapSize && heap[child + 1] < heap[child]) {
                child++;
            }
            if (last <= heap[child]) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = last;
        return top;
    }
}
