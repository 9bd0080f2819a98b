package io.sparkllm.model.train;

import io.sparkllm.model.zoo.ModelGraphs;
import io.sparkllm.model.zoo.ModelSpec;
import io.sparkllm.model.zoo.TrainingOptions;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import java.io.File;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** With plain SGD at rate 1, a step is minus the gradient: its norm shows what clipping did. */
class GlobalNormClippingTest {
    private static ComputationGraph graph() {
        ModelSpec spec = ModelSpec.fromFile(new File("../conf/model/tiny-gpt2.conf"));
        ComputationGraph g = new ComputationGraph(ModelGraphs.configuration(spec, 7, new TrainingOptions(new Sgd(1.0), 0, 0),
                DataType.DOUBLE));
        g.init();
        return g;
    }

    private static MultiDataSet batch() {
        INDArray ids = Nd4j.createFromArray(new double[] {5, 9, 200, 31, 7, 7, 600, 2, 44, 13, 99, 1}).reshape(2, 1, 6);
        INDArray next = Nd4j.createFromArray(new double[] {9, 200, 31, 7, 7, 8, 2, 44, 13, 99, 1, 3}).reshape(2, 1, 6);
        return new MultiDataSet(ids, next);
    }

    private static double stepNorm(ComputationGraph g) {
        INDArray before = g.params().dup();
        g.fit(batch());
        return g.params().sub(before).norm2Number().doubleValue();
    }

    @Test
    void aStepLargerThanTheLimitIsScaledToItAndASmallerOneIsLeftAlone() {
        double free = stepNorm(graph());
        assertThat(free).isPositive();

        ComputationGraph clipped = graph();
        clipped.setListeners(new GlobalNormClipping(free / 4));
        assertThat(stepNorm(clipped)).isCloseTo(free / 4, within(1e-9 * free));

        ComputationGraph untouched = graph();
        untouched.setListeners(new GlobalNormClipping(free * 2));
        assertThat(stepNorm(untouched)).isCloseTo(free, within(1e-9 * free));
    }

    @Test
    void theDirectionOfTheStepIsKept() {
        ComputationGraph free = graph();
        INDArray start = free.params().dup();
        free.fit(batch());
        INDArray freeStep = free.params().sub(start);
        ComputationGraph clipped = graph();
        clipped.setListeners(new GlobalNormClipping(freeStep.norm2Number().doubleValue() / 3));
        clipped.fit(batch());
        INDArray clippedStep = clipped.params().sub(start);
        assertThat(clippedStep.mul(3).sub(freeStep).norm2Number().doubleValue())
                .isLessThan(1e-9 * freeStep.norm2Number().doubleValue());
    }
}
