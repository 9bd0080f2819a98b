package io.sparkllm.model.layers;

import io.sparkllm.model.kernels.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fused attention softmax, forward and backward, equals the ND4J ops of {@link AttentionHeads}
 * run in double precision on the same float scores: weights within 1e-6 + 1e-5 relative, score
 * errors within 1e-6 + 1e-5 relative, including causal -1e9 shut-outs, a fully shut-out row
 * (uniform, as ND4J gives), large scores and key counts with a vector tail.
 */
class SoftmaxKernelTest {
    private static final double MASKED = -1e9;

    static Stream<Kernels> loops() {
        return KernelData.bothLoops();
    }

    /** Scores [batch, heads, time, time] with the causal shut-out, every key of query 0 of head 0 shut out. */
    private static INDArray scores(long seed, int time, double scale) {
        INDArray s = KernelData.normal(new Random(seed), scale, 2, 3, time, time);
        for (int b = 0; b < 2; b++) {
            for (int h = 0; h < 3; h++) {
                for (int i = 0; i < time; i++) {
                    for (int j = i + 1; j < time; j++) {
                        s.putScalar(new long[] {b, h, i, j}, s.getDouble(b, h, i, j) + MASKED);
                    }
                }
            }
        }
        for (int j = 0; j < time; j++) {
            s.putScalar(new long[] {0, 0, 0, j}, MASKED);
        }
        return s;
    }

    private static void check(Kernels kernels, INDArray scores, long seed) {
        INDArray expected = KernelData.toDouble(scores);
        AttentionHeads.softmaxInPlace(expected);
        INDArray weights = scores.dup('c');
        kernels.softmax.forwardInPlace(weights);
        KernelData.assertClose("weights", weights, expected, 1e-6, 1e-5);

        INDArray error = KernelData.normal(new Random(seed + 100), 1, scores.shape());
        INDArray expectedError = KernelData.toDouble(error);
        AttentionHeads.softmaxBackwardInPlace(KernelData.toDouble(weights), expectedError);
        kernels.softmax.backwardInPlace(weights, error);
        KernelData.assertClose("score error", error, expectedError, 1e-6, 1e-5);
    }

    @ParameterizedTest
    @MethodSource("loops")
    void matchesTheNd4jOpsWithCausalMasksAndTails(Kernels kernels) {
        for (int time : new int[] {1, 5, 16, 31, 128}) {
            check(kernels, scores(time, time, 2), time);
        }
    }

    @ParameterizedTest
    @MethodSource("loops")
    void largeScoresStayFinite(Kernels kernels) {
        check(kernels, scores(7, 37, 300), 7);
    }

    @ParameterizedTest
    @MethodSource("loops")
    void aViewWorksOnItsOwnRowsOnly(Kernels kernels) {
        INDArray all = KernelData.normal(new Random(5), 1, 6, 19);
        INDArray before = all.dup();
        INDArray middle = all.get(NDArrayIndex.interval(2, 4), NDArrayIndex.all());
        kernels.softmax.forwardInPlace(middle);
        INDArray expected = KernelData.toDouble(before.get(NDArrayIndex.interval(2, 4), NDArrayIndex.all()));
        AttentionHeads.softmaxInPlace(expected);
        KernelData.assertClose("view rows", all.get(NDArrayIndex.interval(2, 4), NDArrayIndex.all()), expected, 1e-6, 1e-5);
        assertThat(all.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all())).isEqualTo(before.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()));
        assertThat(all.get(NDArrayIndex.interval(4, 6), NDArrayIndex.all())).isEqualTo(before.get(NDArrayIndex.interval(4, 6), NDArrayIndex.all()));
    }
}
