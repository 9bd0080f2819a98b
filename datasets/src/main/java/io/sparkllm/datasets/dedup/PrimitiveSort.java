package io.sparkllm.datasets.dedup;

/**
 * Sorts of primitive arrays that the JDK lacks: parallel arrays by a key array, and index
 * permutations by a comparison over positions. No boxing, no comparator objects per element:
 * the sorts behind dedup's buckets and connected components, millions of records per task.
 */
public final class PrimitiveSort {
    private static final int INSERTION_BELOW = 24;

    private PrimitiveSort() {
    }

    /** Orders positions i and j of the arrays being sorted. */
    @FunctionalInterface
    public interface PositionOrder {
        int compare(int i, int j);
    }

    /** Sorts {@code index[0, n)} (positions into other arrays) by {@code order}. */
    public static void sortIndex(int[] index, int n, PositionOrder order) {
        quicksortIndex(index, 0, n - 1, order);
    }

    /** Sorts {@code keys[0, n)} ascending, moving {@code values} along with them. */
    public static void sortPairs(long[] keys, long[] values, int n) {
        quicksortPairs(keys, values, 0, n - 1);
    }

    // Both quicksorts partition three ways (less, equal, greater than a median-of-three pivot), so
    // runs of equal keys (a node's many edges) cost linear time, and recurse into the smaller side.

    private static void quicksortIndex(int[] a, int lo, int hi, PositionOrder order) {
        while (hi - lo >= INSERTION_BELOW) {
            int pivot = a[medianOfThree(a, lo, (lo + hi) >>> 1, hi, order)];
            int lt = lo;
            int gt = hi;
            int i = lo;
            while (i <= gt) {
                int c = order.compare(a[i], pivot);
                if (c < 0) {
                    swap(a, lt++, i++);
                } else if (c > 0) {
                    swap(a, i, gt--);
                } else {
                    i++;
                }
            }
            if (lt - lo < hi - gt) {
                quicksortIndex(a, lo, lt - 1, order);
                lo = gt + 1;
            } else {
                quicksortIndex(a, gt + 1, hi, order);
                hi = lt - 1;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            int x = a[i];
            int j = i - 1;
            while (j >= lo && order.compare(a[j], x) > 0) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = x;
        }
    }

    private static int medianOfThree(int[] a, int x, int y, int z, PositionOrder order) {
        boolean xy = order.compare(a[x], a[y]) < 0;
        boolean yz = order.compare(a[y], a[z]) < 0;
        boolean xz = order.compare(a[x], a[z]) < 0;
        return xy == yz ? y : xy == xz ? z : x;
    }

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

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
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
