package io.sparkllm.datasets.humaneval;

import java.util.Collection;

/**
 * The unbiased pass@k estimator of Chen et al. 2021 (the Codex paper): with n samples of which c
 * pass, pass@k = 1 - C(n-c, k) / C(n, k), computed as 1 - prod_{i=n-c+1..n} (1 - k/i) so that
 * large n never overflows a binomial coefficient.
 */
public final class PassAtK {
    private PassAtK() {
    }

    /** pass@k for one problem with n samples, c of them correct. */
    public static double estimate(int n, int c, int k) {
        if (n < 0 || c < 0 || c > n || k < 1) {
            throw new IllegalArgumentException("need 0 <= c <= n and k >= 1, got n=" + n + " c=" + c + " k=" + k);
        }
        if (n - c < k) {
            return 1.0; // every draw of k samples holds a correct one
        }
        double allWrong = 1.0;
        for (int i = n - c + 1; i <= n; i++) {
            allWrong *= 1.0 - (double) k / i;
        }
        return 1.0 - allWrong;
    }

    /** The mean of pass@k over problems, each given as {n, c}; problems with fewer than k samples are skipped. */
    public static double mean(Collection<int[]> problems, int k) {
        double sum = 0;
        int counted = 0;
        for (int[] nc : problems) {
            if (nc[0] >= k) {
                sum += estimate(nc[0], nc[1], k);
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }
}
