package io.sparkllm.model.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkllm.model.layers.Nonlinearity;
import io.sparkllm.model.zoo.Family;
import io.sparkllm.model.zoo.ModelSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Hugging Face {@code config.json} as a {@link ModelSpec} and back, for model types gpt2, bloom,
 * llama and bert. Keys a config leaves out take the defaults of the Hugging Face config class, as
 * the Hugging Face loader does; alternative spellings the hub uses ({@code hidden_size} for GPT-2's
 * {@code n_embd}, BLOOM's old {@code n_embed}) are read too. Settings that change the architecture
 * into one the zoo doesn't build (grouped key/value heads, rotary scaling, biases in LLaMA,
 * post-LN BLOOM, ...) are refused with a one-line error rather than silently ignored.
 */
public final class HuggingFaceConfig {
    /** The {@code model_type}s this class reads and writes. */
    public static final List<String> MODEL_TYPES = List.of("gpt2", "bloom", "llama", "bert");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** BLOOM has no position table; generation is bounded by its training context. */
    private static final int BLOOM_CONTEXT = 2048;

    private HuggingFaceConfig() {
    }

    public static ModelSpec read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new CheckpointFormatException(file + ": no such file (a Hugging Face checkpoint directory holds config.json)");
        } catch (JsonProcessingException e) {
            throw new CheckpointFormatException(file + ": not valid JSON: " + e.getOriginalMessage().split("\n")[0], e);
        }
        return parse(root, file.toString());
    }

    /** The spec a parsed config describes; {@code where} names it in errors. */
    public static ModelSpec parse(JsonNode root, String where) {
        if (root == null || !root.isObject()) {
            throw new CheckpointFormatException(where + ": a config must be a JSON object");
        }
        Keys keys = new Keys(root, where);
        String type = keys.text(null, "model_type");
        if (type == null || !MODEL_TYPES.contains(type)) {
            throw new CheckpointFormatException(where + ": " + (type == null ? "no model_type" : "model_type '" + type + "'")
                    + " is not supported (supported: " + String.join(", ", MODEL_TYPES) + ")");
        }
        try {
            return switch (type) {
                case "gpt2" -> gpt2(keys);
                case "bloom" -> bloom(keys);
                case "llama" -> llama(keys);
                default -> bert(keys);
            };
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(where + ": " + e.getMessage(), e);
        }
    }

    /** Writes the config of {@code spec}, declaring {@code torchDtype} ("float32", "float16", ...). */
    public static void write(ModelSpec spec, String torchDtype, Path file) throws IOException {
        Files.write(file, JSON.writeValueAsBytes(toMap(spec, torchDtype)));
    }

    /** The config's keys, sorted as the Hugging Face writer sorts them. */
    public static Map<String, Object> toMap(ModelSpec spec, String torchDtype) {
        Map<String, Object> c = new TreeMap<>();
        c.put("vocab_size", spec.vocabSize());
        c.put("initializer_range", spec.initStd());
        c.put("tie_word_embeddings", spec.tieEmbeddings());
        c.put("torch_dtype", torchDtype);
        switch (spec.family()) {
            case GPT2 -> {
                c.put("architectures", List.of("GPT2LMHeadModel"));
                c.put("model_type", "gpt2");
                c.put("n_positions", spec.maxPositions());
                c.put("n_embd", spec.dModel());
                c.put("n_layer", spec.layers());
                c.put("n_head", spec.heads());
                c.put("n_inner", spec.ffnSize());
                c.put("activation_function", activationName(spec.activation()));
                c.put("layer_norm_epsilon", spec.normEpsilon());
                c.put("resid_pdrop", spec.dropout());
                c.put("embd_pdrop", spec.dropout());
                c.put("attn_pdrop", spec.dropout());
            }
            case BLOOM -> {
                requireForExport(spec.ffnSize() == 4 * spec.dModel(), spec, "BLOOM's MLP is 4 x hidden_size, not ffn-size " + spec.ffnSize());
                requireForExport(spec.activation() == Nonlinearity.GELU_TANH, spec, "BLOOM's activation is the tanh GELU, not " + spec.activation());
                c.put("architectures", List.of("BloomForCausalLM"));
                c.put("model_type", "bloom");
                c.put("hidden_size", spec.dModel());
                c.put("n_layer", spec.layers());
                c.put("n_head", spec.heads());
                c.put("layer_norm_epsilon", spec.normEpsilon());
                c.put("hidden_dropout", spec.dropout());
                c.put("attention_dropout", spec.dropout());
                c.put("apply_residual_connection_post_layernorm", false);
                c.put("seq_length", spec.maxPositions());
            }
            case LLAMA -> {
                requireForExport(spec.activation() == Nonlinearity.SILU, spec, "LLaMA's SwiGLU gate is SiLU, not " + spec.activation());
                c.put("architectures", List.of("LlamaForCausalLM"));
                c.put("model_type", "llama");
                c.put("hidden_size", spec.dModel());
                c.put("intermediate_size", spec.ffnSize());
                c.put("num_hidden_layers", spec.layers());
                c.put("num_attention_heads", spec.heads());
                c.put("num_key_value_heads", spec.kvHeads());
                c.put("head_dim", spec.headSize());
                c.put("max_position_embeddings", spec.maxPositions());
                c.put("rms_norm_eps", spec.normEpsilon());
                c.put("rope_theta", spec.ropeTheta());
                c.put("hidden_act", "silu");
                c.put("attention_bias", false);
                c.put("mlp_bias", false);
                c.put("attention_dropout", spec.dropout());
            }
            case BERT -> {
                c.put("architectures", List.of("BertForPreTraining"));
                c.put("model_type", "bert");
                c.put("hidden_size", spec.dModel());
                c.put("num_hidden_layers", spec.layers());
                c.put("num_attention_heads", spec.heads());
                c.put("intermediate_size", spec.ffnSize());
                c.put("hidden_act", activationName(spec.activation()));
                c.put("hidden_dropout_prob", spec.dropout());
                c.put("attention_probs_dropout_prob", spec.dropout());
                c.put("max_position_embeddings", spec.maxPositions());
                c.put("type_vocab_size", spec.segmentTypes());
                c.put("layer_norm_eps", spec.normEpsilon());
                c.put("position_embedding_type", "absolute");
            }
            default -> throw new CheckpointFormatException("family " + spec.family().key()
                    + " has no Hugging Face layout here (supported: " + String.join(", ", MODEL_TYPES) + ")");
        }
        return c;
    }

    private static ModelSpec gpt2(Keys k) {
        int d = k.integer(768, "n_embd", "hidden_size");
        k.refuseIf(k.flag(false, "scale_attn_by_inverse_layer_idx"), "scale_attn_by_inverse_layer_idx true is not supported");
        k.refuseIf(!k.flag(true, "scale_attn_weights"), "scale_attn_weights false is not supported");
        k.refuseIf(k.flag(false, "add_cross_attention"), "add_cross_attention true is not supported");
        return new ModelSpec(Family.GPT2, k.integer(50257, "vocab_size"), k.integer(1024, "n_positions", "max_position_embeddings"),
                d, k.integer(12, "n_layer", "num_hidden_layers"), k.integer(12, "n_head", "num_attention_heads"),
                k.integer(4 * d, "n_inner"), k.number(1e-5, "layer_norm_epsilon"),
                k.activation("gelu_new", "activation_function"), k.flag(true, "tie_word_embeddings"),
                k.number(0.1, "resid_pdrop"), k.number(0.02, "initializer_range"), 10000, 0, 0);
    }

    private static ModelSpec bloom(Keys k) {
        int d = k.integer(64, "hidden_size", "n_embed");
        k.refuseIf(k.flag(false, "apply_residual_connection_post_layernorm"),
                "apply_residual_connection_post_layernorm true (post-LN BLOOM) is not supported");
        return new ModelSpec(Family.BLOOM, k.integer(250880, "vocab_size"), k.integer(BLOOM_CONTEXT, "seq_length"), d,
                k.integer(2, "n_layer", "num_hidden_layers"), k.integer(8, "n_head", "num_attention_heads"), 4 * d,
                k.number(1e-5, "layer_norm_epsilon"), Nonlinearity.GELU_TANH, k.flag(true, "tie_word_embeddings"),
                k.number(0.0, "hidden_dropout"), k.number(0.02, "initializer_range"), 10000, 0, 0);
    }

    private static ModelSpec llama(Keys k) {
        int d = k.integer(4096, "hidden_size");
        int heads = k.integer(32, "num_attention_heads");
        int kvHeads = k.integer(heads, "num_key_value_heads");
        k.refuseIf(kvHeads < 1 || heads % kvHeads != 0, "num_key_value_heads " + kvHeads + " must divide num_attention_heads "
                + heads);
        k.refuseIf(heads > 0 && k.integer(d / heads, "head_dim") * heads != d, "head_dim " + k.integer(0, "head_dim")
                + " times num_attention_heads " + heads + " must equal hidden_size " + d);
        k.refuseIf(k.root.hasNonNull("rope_scaling"), "rope_scaling is not supported (" + k.root.get("rope_scaling") + ")");
        k.refuseIf(k.flag(false, "attention_bias"), "attention_bias true is not supported");
        k.refuseIf(k.flag(false, "mlp_bias"), "mlp_bias true is not supported");
        Nonlinearity act = k.activation("silu", "hidden_act");
        k.refuseIf(act != Nonlinearity.SILU, "hidden_act " + k.text("", "hidden_act") + " is not supported (the SwiGLU gate is SiLU)");
        return new ModelSpec(Family.LLAMA, k.integer(32000, "vocab_size"), k.integer(2048, "max_position_embeddings"), d,
                k.integer(32, "num_hidden_layers"), heads, k.integer(11008, "intermediate_size"),
                k.number(1e-6, "rms_norm_eps"), act, k.flag(false, "tie_word_embeddings"),
                k.number(0.0, "attention_dropout"), k.number(0.02, "initializer_range"), k.number(10000, "rope_theta"), 0, 0,
                kvHeads);
    }

    private static ModelSpec bert(Keys k) {
        String positions = k.text("absolute", "position_embedding_type");
        k.refuseIf(!positions.equals("absolute"), "position_embedding_type " + positions + " is not supported");
        k.refuseIf(k.flag(false, "is_decoder"), "is_decoder true is not supported");
        return new ModelSpec(Family.BERT, k.integer(30522, "vocab_size"), k.integer(512, "max_position_embeddings"),
                k.integer(768, "hidden_size"), k.integer(12, "num_hidden_layers"), k.integer(12, "num_attention_heads"),
                k.integer(3072, "intermediate_size"), k.number(1e-12, "layer_norm_eps"), k.activation("gelu", "hidden_act"),
                k.flag(true, "tie_word_embeddings"), k.number(0.1, "hidden_dropout_prob"), k.number(0.02, "initializer_range"),
                10000, k.integer(2, "type_vocab_size"), 0);
    }

    /** Hugging Face activation names; "linear" and "swish" are its names for identity and SiLU. */
    static Nonlinearity activation(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "linear" -> Nonlinearity.IDENTITY;
            case "swish" -> Nonlinearity.SILU;
            default -> Nonlinearity.parse(name);
        };
    }

    static String activationName(Nonlinearity activation) {
        return switch (activation) {
            case IDENTITY -> "linear";
            case RELU -> "relu";
            case TANH -> "tanh";
            case GELU -> "gelu";
            case GELU_TANH -> "gelu_new";
            case SILU -> "silu";
        };
    }

    private static void requireForExport(boolean ok, ModelSpec spec, String why) {
        if (!ok) {
            throw new CheckpointFormatException("can't write a Hugging Face " + spec.family().key() + " config: " + why);
        }
    }

    /** Typed reads of a config's keys, each with its default and alternative names. */
    private record Keys(JsonNode root, String where) {
        /** The first of the names present with a non-null value, or null. */
        private Map.Entry<String, JsonNode> find(String... names) {
            for (String name : names) {
                JsonNode value = root.get(name);
                if (value != null && !value.isNull()) {
                    return Map.entry(name, value);
                }
            }
            return null;
        }

        int integer(int fallback, String... names) {
            Map.Entry<String, JsonNode> e = find(names);
            if (e == null) {
                return fallback;
            }
            if (!e.getValue().canConvertToInt() || !e.getValue().isIntegralNumber()) {
                throw bad(e, "an integer");
            }
            return e.getValue().intValue();
        }

        double number(double fallback, String... names) {
            Map.Entry<String, JsonNode> e = find(names);
            if (e == null) {
                return fallback;
            }
            if (!e.getValue().isNumber()) {
                throw bad(e, "a number");
            }
            return e.getValue().doubleValue();
        }

        boolean flag(boolean fallback, String... names) {
            Map.Entry<String, JsonNode> e = find(names);
            if (e == null) {
                return fallback;
            }
            if (!e.getValue().isBoolean()) {
                throw bad(e, "true or false");
            }
            return e.getValue().booleanValue();
        }

        String text(String fallback, String... names) {
            Map.Entry<String, JsonNode> e = find(names);
            if (e == null) {
                return fallback;
            }
            if (!e.getValue().isTextual()) {
                throw bad(e, "a string");
            }
            return e.getValue().textValue();
        }

        Nonlinearity activation(String fallback, String... names) {
            String name = text(fallback, names);
            try {
                return HuggingFaceConfig.activation(name);
            } catch (IllegalArgumentException e) {
                throw new CheckpointFormatException(where + ": " + e.getMessage());
            }
        }

        void refuseIf(boolean unsupported, String why) {
            if (unsupported) {
                throw new CheckpointFormatException(where + ": " + why);
            }
        }

        private CheckpointFormatException bad(Map.Entry<String, JsonNode> e, String what) {
            return new CheckpointFormatException(where + ": '" + e.getKey() + "' must be " + what + ", found " + e.getValue());
        }
    }
}
