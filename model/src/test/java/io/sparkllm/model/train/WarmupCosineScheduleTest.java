package io.sparkllm.model.train;

import io.sparkllm.model.checkpoint.SavedModels;
import io.sparkllm.model.zoo.Family;
import io.sparkllm.model.zoo.ModelGraphs;
import io.sparkllm.model.zoo.ModelSpec;
import io.sparkllm.model.zoo.TrainingOptions;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.io.File;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WarmupCosineScheduleTest {
    @Test
    void warmsUpLinearlyThenFollowsTheHalfCosineToTheFloor() {
        WarmupCosineSchedule s = new WarmupCosineSchedule(1e-3, 10, 110, 0.1);
        assertThat(s.valueAt(0, 0)).isCloseTo(1e-4, within(1e-15));
        assertThat(s.valueAt(9, 0)).isCloseTo(1e-3, within(1e-15));
        assertThat(s.valueAt(10, 0)).isCloseTo(1e-3, within(1e-15));
        assertThat(s.valueAt(60, 0)).isCloseTo(1e-4 + 0.9e-3 * 0.5, within(1e-15));
        assertThat(s.valueAt(110, 0)).isCloseTo(1e-4, within(1e-15));
        assertThat(s.valueAt(500, 0)).isCloseTo(1e-4, within(1e-15));
    }

    /** DL4J groups updater state by equal updaters: a restored or cloned schedule must equal the original. */
    @Test
    void aSavedModelWithTheScheduleResumesTrainingIdentically(@TempDir Path dir) throws Exception {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ModelSpec spec = ModelSpec.fromFile(new File("../conf/model/tiny-gpt2.conf"));
        TrainingOptions options = new TrainingOptions(new Adam(new WarmupCosineSchedule(1e-2, 2, 20, 0.1)), 0.01, 1.0);
        ComputationGraph net = new ComputationGraph(ModelGraphs.configuration(spec, 3, options, DataType.FLOAT));
        net.init();
        INDArray tokens = Nd4j.createFromArray(new float[] {1, 5, 9, 2, 7, 3, 8, 4}).reshape(1, 1, 8);
        INDArray next = Nd4j.createFromArray(new float[] {5, 9, 2, 7, 3, 8, 4, 6}).reshape(1, 1, 8);
        MultiDataSet batch = new MultiDataSet(tokens, next);
        for (int i = 0; i < 3; i++) {
            net.fit(batch);
        }
        SavedModels.save(net, spec, dir);
        ComputationGraph restored = SavedModels.load(dir, DataType.FLOAT).graph();
        net.fit(batch);
        restored.fit(batch);
        assertThat(Double.isNaN(restored.score())).isFalse();
        assertThat(restored.params()).isEqualTo(net.params());
    }
}
