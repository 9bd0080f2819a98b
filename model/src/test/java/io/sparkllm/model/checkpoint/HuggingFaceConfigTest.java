package io.sparkllm.model.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.model.layers.Nonlinearity;
import io.sparkllm.model.zoo.Family;
import io.sparkllm.model.zoo.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HuggingFaceConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ModelSpec parse(String json) throws Exception {
        return HuggingFaceConfig.parse(JSON.readTree(json), "config.json");
    }

    @Test
    void theFixtureConfigsGiveTheirSpecs() throws Exception {
        assertThat(HuggingFaceConfig.read(HuggingFaceFixtures.dir("gpt2").resolve("config.json"))).isEqualTo(new ModelSpec(
                Family.GPT2, 128, 32, 32, 2, 4, 64, 1e-5, Nonlinearity.GELU_TANH, true, 0.1, 0.02, 10000, 0, 0));
        assertThat(HuggingFaceConfig.read(HuggingFaceFixtures.dir("bloom").resolve("config.json"))).isEqualTo(new ModelSpec(
                Family.BLOOM, 112, 2048, 32, 2, 4, 128, 1e-5, Nonlinearity.GELU_TANH, true, 0, 0.02, 10000, 0, 0));
        assertThat(HuggingFaceConfig.read(HuggingFaceFixtures.dir("llama").resolve("config.json"))).isEqualTo(new ModelSpec(
                Family.LLAMA, 120, 32, 32, 2, 4, 64, 1e-6, Nonlinearity.SILU, false, 0, 0.02, 10000, 0, 0));
        assertThat(HuggingFaceConfig.read(HuggingFaceFixtures.dir("bert").resolve("config.json"))).isEqualTo(new ModelSpec(
                Family.BERT, 96, 32, 32, 2, 4, 64, 1e-12, Nonlinearity.GELU, true, 0.1, 0.02, 10000, 2, 0));
    }

    @Test
    void leftOutKeysTakeTheHuggingFaceDefaultsAndHubSpellingsAreRead() throws Exception {
        assertThat(parse("{\"model_type\": \"gpt2\"}")).isEqualTo(new ModelSpec(
                Family.GPT2, 50257, 1024, 768, 12, 12, 3072, 1e-5, Nonlinearity.GELU_TANH, true, 0.1, 0.02, 10000, 0, 0));
        ModelSpec gpt2 = parse("{\"model_type\": \"gpt2\", \"hidden_size\": 64, \"num_attention_heads\": 2, \"n_inner\": null,"
                + " \"activation_function\": \"relu\"}");
        assertThat(gpt2.dModel()).isEqualTo(64);
        assertThat(gpt2.heads()).isEqualTo(2);
        assertThat(gpt2.ffnSize()).as("n_inner null is 4 x n_embd").isEqualTo(256);
        assertThat(gpt2.activation()).isEqualTo(Nonlinearity.RELU);
        ModelSpec bloom = parse("{\"model_type\": \"bloom\", \"n_embed\": 48, \"n_head\": 3}");
        assertThat(bloom.dModel()).isEqualTo(48);
        assertThat(bloom.ffnSize()).isEqualTo(192);
        ModelSpec llama = parse("{\"model_type\": \"llama\", \"hidden_size\": 64, \"num_attention_heads\": 4,"
                + " \"num_key_value_heads\": null, \"rope_theta\": 500000.0, \"tie_word_embeddings\": true}");
        assertThat(llama.ropeTheta()).isEqualTo(500000.0);
        assertThat(llama.tieEmbeddings()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "bloom", "llama", "bert"})
    void aWrittenConfigReadsBackToTheSameSpec(String family, @TempDir Path tmp) throws Exception {
        ModelSpec spec = HuggingFaceConfig.read(HuggingFaceFixtures.dir(family).resolve("config.json"));
        HuggingFaceConfig.write(spec, "float32", tmp.resolve("config.json"));
        assertThat(HuggingFaceConfig.read(tmp.resolve("config.json"))).isEqualTo(spec);
        assertThat(JSON.readTree(tmp.resolve("config.json").toFile()).get("model_type").asText()).isEqualTo(family);
    }

    @Test
    void unusualSettingsSurviveTheRoundTrip(@TempDir Path tmp) throws Exception {
        ModelSpec bert = new ModelSpec(Family.BERT, 50, 16, 24, 3, 3, 40, 1e-7, Nonlinearity.RELU, false, 0.25, 0.05, 10000, 3, 0);
        HuggingFaceConfig.write(bert, "bfloat16", tmp.resolve("config.json"));
        assertThat(HuggingFaceConfig.read(tmp.resolve("config.json"))).isEqualTo(bert);
        assertThat(Files.readString(tmp.resolve("config.json"))).contains("\"torch_dtype\" : \"bfloat16\"");
    }

    @Test
    void groupedKeyValueHeadsAreReadAndAGroupingThatDoesNotDivideIsRefused() throws Exception {
        assertThat(parse("{\"model_type\": \"llama\", \"hidden_size\": 64, \"num_attention_heads\": 8,"
                + " \"num_key_value_heads\": 2}").kvHeads()).isEqualTo(2);
        assertThatThrownBy(() -> parse("{\"model_type\": \"llama\", \"hidden_size\": 64, \"num_attention_heads\": 8,"
                + " \"num_key_value_heads\": 3}"))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessage("config.json: num_key_value_heads 3 must divide num_attention_heads 8");
    }

    @Test
    void architectureChangesTheZooDoesNotBuildAreRefused() {
        assertThatThrownBy(() -> parse("{\"model_type\": \"llama\", \"rope_scaling\": {\"type\": \"linear\", \"factor\": 2.0}}"))
                .hasMessageContaining("rope_scaling is not supported");
        assertThatThrownBy(() -> parse("{\"model_type\": \"llama\", \"attention_bias\": true}"))
                .hasMessageContaining("attention_bias true is not supported");
        assertThatThrownBy(() -> parse("{\"model_type\": \"bloom\", \"apply_residual_connection_post_layernorm\": true}"))
                .hasMessageContaining("post-LN BLOOM");
        assertThatThrownBy(() -> parse("{\"model_type\": \"bert\", \"position_embedding_type\": \"relative_key\"}"))
                .hasMessageContaining("position_embedding_type relative_key is not supported");
    }

    @Test
    void badValuesAndUnknownTypesAreNamed(@TempDir Path tmp) throws Exception {
        assertThatThrownBy(() -> parse("{\"model_type\": \"gpt2\", \"n_embd\": \"wide\"}"))
                .hasMessage("config.json: 'n_embd' must be an integer, found \"wide\"");
        assertThatThrownBy(() -> parse("{\"model_type\": \"gpt2\", \"activation_function\": \"quick_gelu\"}"))
                .hasMessageStartingWith("config.json: unknown activation 'quick_gelu'");
        assertThatThrownBy(() -> parse("{\"model_type\": \"gpt2\", \"n_embd\": 30, \"n_head\": 4}"))
                .isInstanceOf(CheckpointFormatException.class).hasMessageContaining("must divide d-model 30");
        assertThatThrownBy(() -> parse("{\"hidden_size\": 8}"))
                .hasMessage("config.json: no model_type is not supported (supported: gpt2, bloom, llama, bert)");
        Path missing = tmp.resolve("config.json");
        assertThatThrownBy(() -> HuggingFaceConfig.read(missing)).isInstanceOf(CheckpointFormatException.class)
                .hasMessageStartingWith(missing + ": no such file");
    }

    @Test
    void familiesWithoutAHuggingFaceLayoutAreNotWritten(@TempDir Path tmp) {
        ModelSpec gpt = new ModelSpec(Family.GPT, 50, 16, 24, 1, 3, 40, 1e-5, Nonlinearity.GELU, true, 0, 0.02, 10000, 0, 0);
        assertThatThrownBy(() -> HuggingFaceConfig.write(gpt, "float32", tmp.resolve("config.json")))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessage("family gpt has no Hugging Face layout here (supported: gpt2, bloom, llama, bert)");
        ModelSpec bloom = new ModelSpec(Family.BLOOM, 50, 16, 24, 1, 3, 40, 1e-5, Nonlinearity.GELU_TANH, true, 0, 0.02, 10000, 0, 0);
        assertThatThrownBy(() -> HuggingFaceConfig.write(bloom, "float32", tmp.resolve("config.json")))
                .hasMessageContaining("BLOOM's MLP is 4 x hidden_size, not ffn-size 40");
    }
}
