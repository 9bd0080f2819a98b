package io.sparkllm.model.zoo;

import io.sparkllm.model.kernels.Kernels;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A whole model in float, where the layers take the fused kernels, gives the score and gradients
 * of the same model in double, where they take the ND4J ops (the gradient-checked path): score
 * within 1e-5 relative, every gradient within 1e-4 of the largest. Catches a kernel wired to the
 * wrong array or layout, which the kernels' own tests cannot see.
 */
class FusedKernelsModelTest {
    private static final int TIME = 6;

    private static INDArray ids(long seed, int batch, DataType type) {
        java.util.Random random = new java.util.Random(seed);
        double[] ids = new double[batch * TIME];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(TinySpecs.VOCAB);
        }
        return Nd4j.createFromArray(ids).reshape(batch, 1, TIME).castTo(type);
    }

    private static ComputationGraph withGradients(ComputationGraph net, DataType type) {
        net.setInputs(ids(3, 2, type));
        net.setLabels(ids(4, 2, type));
        net.computeGradientAndScore();
        return net;
    }

    @ParameterizedTest
    @EnumSource(value = Family.class, names = {"GPT", "GPT2", "BLOOM"})
    void floatWithKernelsMatchesDoubleWithNd4jOps(Family family) {
        assertThat(Kernels.describe()).as("kernels on in the test JVM").contains("float lanes");
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        ComputationGraph reference = withGradients(ModelGraphs.create(TinySpecs.of(family, 2), 9, DataType.DOUBLE), DataType.DOUBLE);
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ComputationGraph fused = ModelGraphs.create(TinySpecs.of(family, 2), 9, DataType.FLOAT);
        fused.setParams(reference.params().castTo(DataType.FLOAT));
        withGradients(fused, DataType.FLOAT);

        assertThat(fused.score()).isCloseTo(reference.score(), within(1e-5 * Math.abs(reference.score())));
        INDArray expected = reference.gradient().gradient();
        INDArray actual = fused.gradient().gradient().castTo(DataType.DOUBLE);
        double largest = expected.amaxNumber().doubleValue();
        double worst = actual.sub(expected).amaxNumber().doubleValue();
        assertThat(worst).as("largest gradient difference (largest gradient %s)", largest).isLessThan(1e-4 * largest);
    }
}
