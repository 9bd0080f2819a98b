package io.sparkllm.model.train;

import io.sparkllm.model.kernels.Kernels;
import io.sparkllm.model.kernels.RowOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.assertj.core.api.Assertions.assertThat;

class FusedAdamTest {
    /** Not a multiple of the kernel's span or of any SIMD width, so every tail runs. */
    private static final int N = 10_007;

    private static INDArray gradient(DataType type, long seed) {
        Nd4j.getRandom().setSeed(seed);
        // Gradients across several orders of magnitude, both signs, with some exact zeros.
        INDArray magnitude = Transforms.exp(Nd4j.rand(type, 1, N).muli(6).subi(4).muli(Math.log(10)), false);
        INDArray g = Nd4j.randn(type, 1, N).muli(magnitude);
        for (int i = 0; i < N; i += 97) {
            g.putScalar(0, i, 0.0);
        }
        return g;
    }

    /** Largest |a − b| against the largest |b|, as a fraction of the latter. */
    private static double relativeDifference(INDArray a, INDArray b) {
        double scale = Math.max(b.amaxNumber().doubleValue(), 1e-30);
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue() / scale;
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "fastest"})
    void theKernelGivesNd4jsAdamUpdatesAndMomentsStepAfterStep(String loops) {
        RowOps ops = loops.equals("scalar") ? RowOps.scalar() : RowOps.fastest();
        Adam config = new Adam(new WarmupCosineSchedule(3e-3, 2, 20, 0.1));
        INDArray referenceState = Nd4j.zeros(DataType.FLOAT, 1, 2L * N);
        AdamUpdater reference = (AdamUpdater) config.instantiate(referenceState, true);
        INDArray m = Nd4j.zeros(DataType.FLOAT, 1, N);
        INDArray v = Nd4j.zeros(DataType.FLOAT, 1, N);
        for (int step = 0; step < 6; step++) {
            INDArray expected = gradient(DataType.FLOAT, 100 + step);
            INDArray actual = expected.dup();
            reference.applyUpdater(expected, step, 0);
            float size = (float) config.getLearningRate(step, 0)
                    * (float) Math.sqrt(1 - (float) Math.pow(0.999f, step + 1)) / (1 - (float) Math.pow(0.9f, step + 1));
            new Kernels(ops).adam.step(actual, m, v, size, 0.9f, 0.999f, (float) config.getEpsilon());
            assertThat(relativeDifference(actual, expected)).as("update, step %d", step).isLessThan(2e-6);
            assertThat(relativeDifference(m, reference.getM())).as("first moment, step %d", step).isLessThan(2e-6);
            assertThat(relativeDifference(v, reference.getV())).as("second moment, step %d", step).isLessThan(2e-6);
        }
    }

    @Test
    void theUpdaterRunsTheKernelOnFloatsAndNd4jsOpOnDoubles() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            FusedAdam fused = new FusedAdam(1e-3);
            Adam plain = new Adam(1e-3);
            GradientUpdater<?> ours = fused.instantiate(Nd4j.zeros(type, 1, 2L * N), true);
            GradientUpdater<?> theirs = plain.instantiate(Nd4j.zeros(type, 1, 2L * N), true);
            assertThat(ours).isInstanceOf(FusedAdamUpdater.class);
            for (int step = 0; step < 3; step++) {
                INDArray expected = gradient(type, 7 + step);
                INDArray actual = expected.dup();
                theirs.applyUpdater(expected, step, 0);
                ours.applyUpdater(actual, step, 0);
                if (type == DataType.DOUBLE) {
                    assertThat(actual).as("double: ND4J's own op").isEqualTo(expected);
                } else {
                    assertThat(relativeDifference(actual, expected)).isLessThan(2e-6);
                }
            }
        }
    }

    @Test
    void aCloneIsAFusedAdamWithTheSameSettingsAndItsOwnSchedule() {
        FusedAdam fused = new FusedAdam(new WarmupCosineSchedule(1e-3, 5, 50, 0.1));
        fused.setBeta2(0.95);
        IUpdater copy = fused.clone();
        assertThat(copy).isInstanceOf(FusedAdam.class).isEqualTo(fused);
        assertThat(((FusedAdam) copy).getBeta2()).isEqualTo(0.95);
        assertThat(copy.getLearningRate(7, 0)).isEqualTo(fused.getLearningRate(7, 0));
    }
}
