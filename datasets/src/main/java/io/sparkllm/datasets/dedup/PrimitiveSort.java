package io.sparkllm.datasets.dedup;

/**
 * The sort of primitive arrays that the JDK lacks: parallel arrays by a key array. No boxing, no
 * comparator objects per element: the sort behind dedup's buckets and connected components,
 * millions of records per task.
 */
public final class PrimitiveSort {
    private static final int INSERTION_BELOW = 24;

    private PrimitiveSort() {
    }

    /** Sorts {@code keys[0, n)} ascending, moving {@code values} along with them. */
    public static void sortPairs(long[] keys, long[] values, int n) {
        quicksortPairs(keys, values, 0, n - 1);
    }

    /** Sorts {@code keys[from, to)} ascending, moving {@code values} along with them. */
    public static void sortPairs(long[] keys, long[] values, int from, int to) {
        quicksortPairs(keys, values, from, to - 1);
    }

    // The quicksort partitions three ways (less, equal, greater than a median-of-three pivot), so
    // runs of equal keys (a node's many edges) cost linear time, and recurse into the smaller side.

    private static void quicksortPairs(long[] k, long[] v, int lo, int hi) {
        while (hi - lo >= INSERTION_BELOW) {
            long pivot = medianOfThree(k[lo], k[(lo + hi) >>> 1], k[hi]);
            int lt = lo;
            int gt = hi;
            int i = lo;
            while (i <= gt) {
                if (k[i] < pivot) {
                    swap(k, v, lt++, i++);
                } else if (k[i] > pivot) {
                    swap(k, v, i, gt--);
                } else {
                    i++;
                }
            }
            if (lt - lo < hi - gt) {
                quicksortPairs(k, v, lo, lt - 1);
                lo = gt + 1;
            } else {
                quicksortPairs(k, v, gt + 1, hi);
                hi = lt - 1;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            long x = k[i];
            long y = v[i];
            int j = i - 1;
            while (j >= lo && k[j] > x) {
                k[j + 1] = k[j];
                v[j + 1] = v[j];
                j--;
            }
            k[j + 1] = x;
            v[j + 1] = y;
        }
    }

    private static long medianOfThree(long x, long y, long z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }

    private static void swap(long[] k, long[] v, int i, int j) {
        long t = k[i];
        k[i] = k[j];
        k[j] = t;
        t = v[i];
        v[i] = v[j];
        v[j] = t;
    }
}
