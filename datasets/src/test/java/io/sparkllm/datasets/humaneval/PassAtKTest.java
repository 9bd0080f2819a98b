package io.sparkllm.datasets.humaneval;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PassAtKTest {
    @Test
    void matchesValuesWorkedByHand() {
        // n=5, c=2: pass@1 = 2/5; pass@2 = 1 - C(3,2)/C(5,2) = 1 - 3/10
        assertThat(PassAtK.estimate(5, 2, 1)).isCloseTo(0.4, within(1e-12));
        assertThat(PassAtK.estimate(5, 2, 2)).isCloseTo(0.7, within(1e-12));
        // n=10, c=3, k=5: 1 - C(7,5)/C(10,5) = 1 - 21/252 = 11/12
        assertThat(PassAtK.estimate(10, 3, 5)).isCloseTo(11.0 / 12.0, within(1e-12));
        // n=200, c=1, k=100: 1 - C(199,100)/C(200,100) = 1 - 100/200
        assertThat(PassAtK.estimate(200, 1, 100)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void edgeCases() {
        assertThat(PassAtK.estimate(4, 0, 1)).isEqualTo(0.0);
        assertThat(PassAtK.estimate(4, 4, 1)).isEqualTo(1.0);
        // fewer wrong samples than k: every k-subset holds a correct one
        assertThat(PassAtK.estimate(3, 2, 2)).isEqualTo(1.0);
        assertThat(PassAtK.estimate(1, 1, 1)).isEqualTo(1.0);
        assertThatThrownBy(() -> PassAtK.estimate(3, 4, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void agreesWithExactBinomialsForLargeN() {
        for (int c : new int[] {0, 1, 7, 20, 150, 199}) {
            for (int k : new int[] {1, 10, 100}) {
                double exact = BigDecimal.ONE.subtract(new BigDecimal(binomial(200 - c, k))
                        .divide(new BigDecimal(binomial(200, k)), MathContext.DECIMAL128)).doubleValue();
                assertThat(PassAtK.estimate(200, c, k)).as("c=%d k=%d", c, k).isCloseTo(exact, within(1e-12));
            }
        }
    }

    @Test
    void meanAveragesProblemsWithEnoughSamples() {
        List<int[]> problems = List.of(new int[] {5, 2}, new int[] {5, 0}, new int[] {5, 5}, new int[] {1, 1});
        assertThat(PassAtK.mean(problems, 1)).isCloseTo((0.4 + 0 + 1 + 1) / 4, within(1e-12));
        // the one-sample problem can't give pass@2
        assertThat(PassAtK.mean(problems, 2)).isCloseTo((0.7 + 0 + 1) / 3, within(1e-12));
        assertThat(PassAtK.mean(problems, 10)).isNaN();
    }

    private static BigInteger binomial(int n, int k) {
        if (k > n) {
            return BigInteger.ZERO;
        }
        BigInteger r = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            r = r.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return r;
    }
}
