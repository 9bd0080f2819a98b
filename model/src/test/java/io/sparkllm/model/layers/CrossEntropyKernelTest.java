package io.sparkllm.model.layers;

import io.sparkllm.model.kernels.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fused vocabulary cross-entropy equals the ND4J ops of {@link SoftmaxCrossEntropy} run in
 * double precision on the same float logits: per-row losses within 2e-6 · (1 + |loss|), gradients
 * within 1e-6 absolute (they are differences of probabilities), for widths with and without a
 * vector tail, one row or many, large logits and weights of 0, 1/2 and 1.
 */
class CrossEntropyKernelTest {
    static Stream<Kernels> loops() {
        return KernelData.bothLoops();
    }

    private record Case(INDArray logits, int[] labels, double[] weights) {
    }

    private static Case random(long seed, int rows, int width, double scale) {
        Random random = new Random(seed);
        INDArray logits = KernelData.normal(random, scale, rows, width);
        int[] labels = new int[rows];
        double[] weights = new double[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = random.nextInt(width);
            weights[r] = new double[] {1, 1, 0, 0.5}[r % 4];
        }
        return new Case(logits, labels, weights);
    }

    private static void check(Kernels kernels, Case c) {
        INDArray gradient = c.logits().ulike();
        double[] losses = kernels.crossEntropy.rowLosses(c.logits(), c.labels(), c.weights(), gradient);
        INDArray logits = KernelData.toDouble(c.logits());
        INDArray expectedGradient = logits.ulike();
        SoftmaxCrossEntropy.referenceLossAndGradient(logits, c.labels(), c.weights(), expectedGradient);
        double[] expectedLosses = SoftmaxCrossEntropy.rowLosses(logits, c.labels(), c.weights());
        KernelData.assertClose("row losses", losses, expectedLosses, 2e-6, 2e-6);
        KernelData.assertClose("gradient", gradient, expectedGradient, 1e-6, 0);
        double loss = kernels.crossEntropy.lossAndGradient(c.logits(), c.labels(), c.weights(), null);
        double expected = SoftmaxCrossEntropy.referenceLossAndGradient(logits, c.labels(), c.weights(), null);
        KernelData.assertClose("loss", new double[] {loss}, new double[] {expected}, 1e-5, 2e-6);
    }

    @ParameterizedTest
    @MethodSource("loops")
    void matchesTheNd4jOpsOnOddWidthsAndManyRows(Kernels kernels) {
        int seed = 1;
        for (int width : new int[] {1, 7, 16, 33, 4101}) {
            for (int rows : new int[] {1, 5, 37}) {
                check(kernels, random(seed++, rows, width, 3));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("loops")
    void largeLogitsNeitherOverflowNorLoseTheLoss(Kernels kernels) {
        Case c = random(11, 9, 517, 1000);
        c.logits().putScalar(0, 3, 3e4);
        c.logits().putScalar(1, c.labels()[1], -3e4);
        check(kernels, c);
    }

    @ParameterizedTest
    @MethodSource("loops")
    void labelsOutsideTheVocabularyAreRefused(Kernels kernels) {
        Case c = random(3, 4, 9, 1);
        c.labels()[1] = 9;
        assertThatThrownBy(() -> kernels.crossEntropy.rowLosses(c.logits(), c.labels(), c.weights(), null))
                .hasMessageContaining("label 9 at row 1");
    }
}
