package io.sparkllm.model.checkpoint;

import io.sparkllm.model.zoo.GraphNames;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static io.sparkllm.model.checkpoint.HuggingFaceFixtures.dir;
import static io.sparkllm.model.checkpoint.HuggingFaceFixtures.edited;
import static io.sparkllm.model.checkpoint.HuggingFaceFixtures.maxDifferenceFromPyTorch;
import static io.sparkllm.model.checkpoint.HuggingFaceFixtures.reference;
import static io.sparkllm.model.checkpoint.HuggingFaceFixtures.tensors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hugging Face checkpoints of the four families against the outputs PyTorch computed from them
 * (fixtures in {@code checkpoints/}), the export back, and the errors a checkpoint that doesn't
 * fit gets.
 */
class HuggingFaceCheckpointTest {
    @BeforeAll
    static void floats() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /**
     * In float the difference is float rounding; in double only the rounding of the stored float
     * logits (half an ulp, under 3e-7 at these magnitudes) is left, so a mapping error can't hide in it.
     */
    @ParameterizedTest
    @CsvSource({"gpt2, FLOAT, 1e-4", "bloom, FLOAT, 1e-4", "llama, FLOAT, 1e-4", "bert, FLOAT, 1e-4", "llama-gqa, FLOAT, 1e-4",
            "gpt2, DOUBLE, 1e-6", "bloom, DOUBLE, 1e-6", "llama, DOUBLE, 1e-6", "bert, DOUBLE, 1e-6", "llama-gqa, DOUBLE, 1e-6"})
    void logitsMatchPyTorchAtEveryRealPosition(String family, DataType type, double tolerance) throws Exception {
        Nd4j.setDefaultDataTypes(type, type);
        try {
            HuggingFaceCheckpoint.Loaded model = HuggingFaceCheckpoint.load(dir(family), type);
            double difference = maxDifferenceFromPyTorch(model.graph(), reference(family));
            System.out.printf("%s in %s: largest |logit difference| from PyTorch %.3g%n", family, type, difference);
            assertThat(difference).isLessThan(tolerance);
        } finally {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "bloom", "llama", "bert", "llama-gqa"})
    void exportWritesTheOriginalTensorsAndReloadsToTheSameLogits(String family, @TempDir Path tmp) throws Exception {
        HuggingFaceCheckpoint.Loaded model = HuggingFaceCheckpoint.load(dir(family), DataType.FLOAT);
        HuggingFaceCheckpoint.export(model.graph(), model.spec(), tmp);

        Map<String, INDArray> original = tensors(dir(family).resolve("model.safetensors"));
        Map<String, INDArray> written = tensors(tmp.resolve("model.safetensors"));
        assertThat(written.keySet()).containsExactlyElementsOf(original.keySet());
        for (String name : original.keySet()) {
            assertThat(written.get(name).dataType()).as(name).isEqualTo(DataType.FLOAT);
            assertThat(written.get(name).shape()).as(name).isEqualTo(original.get(name).shape());
            assertThat(written.get(name).data().asFloat()).as(name).isEqualTo(original.get(name).data().asFloat());
        }
        assertThat(Files.readAllBytes(tmp.resolve("model.safetensors"))).as("the file, byte for byte")
                .isEqualTo(Files.readAllBytes(dir(family).resolve("model.safetensors")));
        assertThat(HuggingFaceConfig.read(tmp.resolve("config.json"))).isEqualTo(model.spec());

        HuggingFaceCheckpoint.Loaded reloaded = HuggingFaceCheckpoint.load(tmp, DataType.FLOAT);
        Map<String, INDArray> reference = reference(family);
        assertThat(HuggingFaceFixtures.forward(reloaded.graph(), reference).get(GraphNames.HEAD).data().asFloat())
                .isEqualTo(HuggingFaceFixtures.forward(model.graph(), reference).get(GraphNames.HEAD).data().asFloat());
    }

    /** The logit comparison has teeth: BLOOM's fused QKV read as [all q; all k; all v] gives other logits. */
    @Test
    void bloomQkvReadAsThreeStackedBlocksDoesNotMatchPyTorch() throws Exception {
        HuggingFaceCheckpoint.Loaded model = HuggingFaceCheckpoint.load(dir("bloom"), DataType.FLOAT);
        Map<String, INDArray> stored = tensors(dir("bloom").resolve("model.safetensors"));
        int d = model.spec().dModel();
        for (int i = 0; i < model.spec().layers(); i++) {
            String prefix = "transformer.h." + i + ".self_attention.query_key_value.";
            INDArray weight = stored.get(prefix + "weight");
            INDArray bias = stored.get(prefix + "bias");
            Map<String, INDArray> attention = model.graph().getVertex(GraphNames.block(i, "attn")).paramTable(false);
            String[] parts = {"wq", "wk", "wv"};
            for (int j = 0; j < 3; j++) {
                attention.get(parts[j]).assign(weight.get(NDArrayIndex.interval(j * d, (j + 1) * d), NDArrayIndex.all()).transpose());
                attention.get(parts[j] + "b").assign(bias.get(NDArrayIndex.interval(j * d, (j + 1) * d)).reshape(1, d));
            }
        }
        assertThat(maxDifferenceFromPyTorch(model.graph(), reference("bloom"))).isGreaterThan(0.1);
    }

    /** Shapes alone can't catch a square nn.Linear read without its transpose; the logits do. */
    @Test
    void llamaOutputProjectionReadWithoutTransposeDoesNotMatchPyTorch() throws Exception {
        HuggingFaceCheckpoint.Loaded model = HuggingFaceCheckpoint.load(dir("llama"), DataType.FLOAT);
        INDArray wo = model.graph().getVertex(GraphNames.block(1, "attn")).paramTable(false).get("wo");
        wo.assign(wo.transpose().dup());
        assertThat(maxDifferenceFromPyTorch(model.graph(), reference("llama"))).isGreaterThan(0.01);
    }

    @Test
    void bareBaseModelNamesBuffersAndTiedCopiesLoadTheSameWeights(@TempDir Path tmp) throws Exception {
        Path hubStyle = edited("gpt2", tmp.resolve("hub"), tensors -> {
            Map<String, INDArray> renamed = new TreeMap<>();
            tensors.forEach((name, t) -> renamed.put(name.replaceFirst("^transformer\\.", ""), t));
            renamed.put("h.0.attn.bias", Nd4j.ones(DataType.FLOAT, 1, 1, 4, 4));
            renamed.put("h.1.attn.masked_bias", Nd4j.scalar(-1e4f));
            renamed.put("lm_head.weight", tensors.get("transformer.wte.weight"));
            tensors.clear();
            tensors.putAll(renamed);
        });
        ComputationGraph expected = HuggingFaceCheckpoint.load(dir("gpt2"), DataType.FLOAT).graph();
        assertThat(HuggingFaceCheckpoint.load(hubStyle, DataType.FLOAT).graph().params().data().asFloat())
                .isEqualTo(expected.params().data().asFloat());
    }

    @Test
    void shardedCheckpointsLoadThroughTheirIndex(@TempDir Path tmp) throws Exception {
        Map<String, INDArray> all = tensors(dir("llama").resolve("model.safetensors"));
        SafetensorsWriter first = new SafetensorsWriter();
        SafetensorsWriter second = new SafetensorsWriter();
        StringBuilder index = new StringBuilder("{\"metadata\": {}, \"weight_map\": {");
        int n = 0;
        for (Map.Entry<String, INDArray> e : all.entrySet()) {
            boolean early = e.getKey().startsWith("model.layers.0.") || e.getKey().startsWith("model.embed");
            (early ? first : second).put(e.getKey(), e.getValue());
            index.append(n++ == 0 ? "" : ", ").append('"').append(e.getKey()).append("\": \"model-0000")
                    .append(early ? 1 : 2).append("-of-00002.safetensors\"");
        }
        first.write(tmp.resolve("model-00001-of-00002.safetensors"));
        second.write(tmp.resolve("model-00002-of-00002.safetensors"));
        Files.writeString(tmp.resolve("model.safetensors.index.json"), index.append("}}").toString());
        Files.copy(dir("llama").resolve("config.json"), tmp.resolve("config.json"));

        ComputationGraph expected = HuggingFaceCheckpoint.load(dir("llama"), DataType.FLOAT).graph();
        assertThat(HuggingFaceCheckpoint.load(tmp, DataType.FLOAT).graph().params().data().asFloat())
                .isEqualTo(expected.params().data().asFloat());
    }

    @Test
    void aTensorOfTheWrongShapeIsNamedWithBothShapes(@TempDir Path tmp) throws Exception {
        Path broken = edited("gpt2", tmp, t -> t.put("transformer.h.1.mlp.c_fc.weight",
                t.get("transformer.h.1.mlp.c_fc.weight").transpose().dup()));
        assertOneLineError(broken, "tensor 'transformer.h.1.mlp.c_fc.weight' has shape [64, 32], expected [32, 64]");
    }

    @Test
    void aMissingTensorIsNamed(@TempDir Path tmp) throws Exception {
        Path broken = edited("bert", tmp, t -> t.remove("bert.encoder.layer.1.attention.self.key.bias"));
        assertOneLineError(broken, "missing tensor 'bert.encoder.layer.1.attention.self.key.bias'");
    }

    @Test
    void aTensorNoParameterTakesIsNamed(@TempDir Path tmp) throws Exception {
        Path broken = edited("llama", tmp, t -> t.put("model.layers.2.input_layernorm.weight",
                t.get("model.layers.1.input_layernorm.weight")));
        assertOneLineError(broken, "tensor 'model.layers.2.input_layernorm.weight' has no place in a llama model");
    }

    @Test
    void aStoredTiedCopyThatDiffersIsRefused(@TempDir Path tmp) throws Exception {
        Path broken = edited("bloom", tmp, t -> t.put("lm_head.weight", t.get("transformer.word_embeddings.weight").add(1)));
        assertOneLineError(broken, "tensor 'lm_head.weight' differs from 'transformer.word_embeddings.weight'");
    }

    @Test
    void aDirectoryWithoutSafetensorsIsRefused(@TempDir Path tmp) throws Exception {
        Files.copy(dir("gpt2").resolve("config.json"), tmp.resolve("config.json"));
        Files.writeString(tmp.resolve("pytorch_model.bin"), "");
        assertOneLineError(tmp, "no model.safetensors or model.safetensors.index.json (pytorch_model.bin is not read");
    }

    @Test
    void anUnknownModelTypeNamesTheFileAndTheSupportedTypes(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("config.json"), "{\"model_type\": \"t5\", \"d_model\": 32}");
        assertOneLineError(tmp, tmp.resolve("config.json") + ": model_type 't5' is not supported (supported: gpt2, bloom, llama, bert)");
    }

    @Test
    void aGraphThatDoesNotFitTheSpecIsNotExported(@TempDir Path tmp) throws Exception {
        HuggingFaceCheckpoint.Loaded llama = HuggingFaceCheckpoint.load(dir("llama"), DataType.FLOAT);
        HuggingFaceCheckpoint.Loaded gpt2 = HuggingFaceCheckpoint.load(dir("gpt2"), DataType.FLOAT);
        assertThatThrownBy(() -> HuggingFaceCheckpoint.export(llama.graph(), gpt2.spec(), tmp))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageStartingWith("the graph does not fit the spec: vertex ");
        assertThat(tmp).isEmptyDirectory();
    }

    private static void assertOneLineError(Path dir, String expected) {
        assertThatThrownBy(() -> HuggingFaceCheckpoint.load(dir, DataType.FLOAT))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
