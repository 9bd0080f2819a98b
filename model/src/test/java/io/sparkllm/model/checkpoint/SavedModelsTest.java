package io.sparkllm.model.checkpoint;

import com.typesafe.config.ConfigFactory;
import io.sparkllm.model.zoo.ModelGraphs;
import io.sparkllm.model.zoo.ModelSpec;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SavedModelsTest {
    @Test
    void everyPresetSurvivesItsHoconForm() {
        for (File preset : new File("../conf/model").listFiles((d, n) -> n.endsWith(".conf"))) {
            ModelSpec spec = ModelSpec.fromFile(preset);
            assertThat(ModelSpec.fromConfig(ConfigFactory.parseString(spec.toHocon()))).as(preset.getName()).isEqualTo(spec);
        }
    }

    @Test
    void savedModelLoadsWithItsSpecAndWeights(@TempDir Path dir) throws Exception {
        ModelSpec spec = ModelSpec.fromFile(new File("../conf/model/tiny-gpt2.conf"));
        ComputationGraph graph = ModelGraphs.create(spec, 3, DataType.FLOAT);
        SavedModels.save(graph, spec, dir);
        assertThat(dir.resolve(SavedModels.GRAPH)).exists();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("model.conf", "model.zip");
        }
        SavedModels.Loaded loaded = SavedModels.load(dir, DataType.FLOAT);
        assertThat(loaded.spec()).isEqualTo(spec);
        INDArray tokens = Nd4j.createFromArray(new float[] {5, 9, 2, 7}).reshape(1, 1, 4);
        assertThat(loaded.graph().outputSingle(tokens)).isEqualTo(graph.outputSingle(tokens));
    }

    @Test
    void aDirectoryWithoutAModelIsOneLine(@TempDir Path dir) {
        assertThatThrownBy(() -> SavedModels.load(dir, DataType.FLOAT))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessage(dir + ": not a model directory (no model.conf + model.zip, no Hugging Face config.json)");
    }
}
