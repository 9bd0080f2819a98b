package io.sparkllm.model.zoo;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.sparkllm.model.layers.Nonlinearity;

import java.io.File;

/**
 * The sizes and settings of one model: a family plus its dimensions. Read from a HOCON preset
 * (the {@code model} block of {@code conf/model/*.conf}); keys are documented in the README.
 *
 * @param layers          blocks in the stack (for the Transformer: in the encoder and in the decoder each)
 * @param ffnSize         hidden width of the feed-forward block
 * @param maxPositions    learned position table length, and the longest sequence generation allows
 * @param segmentTypes    BERT's token-type vocabulary (0 for the others)
 * @param targetVocabSize the Transformer's target vocabulary when it differs from the source one (0 = shared)
 * @param kvHeads         key/value heads (LLaMA's grouped-query attention: each serves heads / kvHeads query
 *                        heads); the other families have one per query head
 */
public record ModelSpec(Family family, int vocabSize, int maxPositions, int dModel, int layers, int heads,
                        int ffnSize, double normEpsilon, Nonlinearity activation, boolean tieEmbeddings,
                        double dropout, double initStd, double ropeTheta, int segmentTypes, int targetVocabSize,
                        int kvHeads) {

    public ModelSpec {
        require(vocabSize > 0, "vocab-size", vocabSize, "must be positive");
        require(dModel > 0, "d-model", dModel, "must be positive");
        require(layers > 0, "layers", layers, "must be positive");
        require(heads > 0 && dModel % heads == 0, "heads", heads, "must divide d-model " + dModel);
        require(ffnSize > 0, "ffn-size", ffnSize, "must be positive");
        require(dropout >= 0 && dropout < 1, "dropout", dropout, "must be in [0, 1)");
        require(family.embeddingPositions != io.sparkllm.model.layers.TokenEmbedding.Positions.LEARNED || maxPositions > 0,
                "max-positions", maxPositions, "must be positive for learned positions");
        require(family != Family.LLAMA || (dModel / heads) % 2 == 0, "heads", heads, "rotary needs an even head size");
        require(kvHeads > 0 && heads % kvHeads == 0, "kv-heads", kvHeads, "must divide heads " + heads);
        require(family == Family.LLAMA || kvHeads == heads, "kv-heads", kvHeads,
                "must equal heads " + heads + " (grouped key/value heads are LLaMA's)");
    }

    /** A spec with one key/value head per query head. */
    public ModelSpec(Family family, int vocabSize, int maxPositions, int dModel, int layers, int heads, int ffnSize,
                     double normEpsilon, Nonlinearity activation, boolean tieEmbeddings, double dropout, double initStd,
                     double ropeTheta, int segmentTypes, int targetVocabSize) {
        this(family, vocabSize, maxPositions, dModel, layers, heads, ffnSize, normEpsilon, activation, tieEmbeddings,
                dropout, initStd, ropeTheta, segmentTypes, targetVocabSize, heads);
    }

    private static void require(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("model." + key + " = " + value + ": " + rule);
        }
    }

    public int headSize() {
        return dModel / heads;
    }

    /** The vocabulary the output head predicts. */
    public int outputVocabSize() {
        return targetVocabSize > 0 ? targetVocabSize : vocabSize;
    }

    /** Reads the {@code model} block of a config, with family defaults filled in from {@code reference.conf}. */
    public static ModelSpec fromConfig(Config root) {
        Config c = root.getConfig("model").withFallback(ConfigFactory.parseResources("sparkllm-model-defaults.conf").getConfig("model"));
        try {
            Family family = Family.parse(c.getString("family"));
            return new ModelSpec(family, c.getInt("vocab-size"), c.getInt("max-positions"), c.getInt("d-model"),
                    c.getInt("layers"), c.getInt("heads"), c.getInt("ffn-size"), c.getDouble("norm-epsilon"),
                    Nonlinearity.parse(c.hasPath("activation") ? c.getString("activation") : defaultActivation(family)),
                    c.hasPath("tie-embeddings") ? c.getBoolean("tie-embeddings") : family != Family.LLAMA,
                    c.getDouble("dropout"), c.getDouble("init-std"), c.getDouble("rope-theta"),
                    c.hasPath("segment-types") ? c.getInt("segment-types") : family == Family.BERT ? 2 : 0,
                    c.getInt("target-vocab-size"), c.hasPath("kv-heads") ? c.getInt("kv-heads") : c.getInt("heads"));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public static ModelSpec fromFile(File file) {
        if (!file.isFile()) {
            throw new IllegalArgumentException("model preset " + file + " does not exist");
        }
        return fromConfig(ConfigFactory.parseFile(file).resolve());
    }

    /** A preset file, or the name of a preset shipped in the jar (conf/model/NAME.conf): "tiny-gpt2". */
    public static ModelSpec fromPreset(String fileOrName) {
        File file = new File(fileOrName);
        if (file.isFile()) {
            return fromFile(file);
        }
        String resource = "presets/" + fileOrName + ".conf";
        if (fileOrName.matches("[A-Za-z0-9._-]+") && ModelSpec.class.getClassLoader().getResource(resource) != null) {
            return fromConfig(ConfigFactory.parseResources(ModelSpec.class.getClassLoader(), resource).resolve());
        }
        throw new IllegalArgumentException("model preset '" + fileOrName + "' is neither a file nor a preset name "
                + "(the presets are conf/model/*.conf)");
    }

    /** The spec as a preset file reads it: {@code fromConfig(parse(toHocon()))} gives it back. */
    public String toHocon() {
        return "model {\n"
                + "  family = " + family.key() + "\n"
                + "  vocab-size = " + vocabSize + "\n"
                + "  max-positions = " + maxPositions + "\n"
                + "  d-model = " + dModel + "\n"
                + "  layers = " + layers + "\n"
                + "  heads = " + heads + "\n"
                + "  ffn-size = " + ffnSize + "\n"
                + "  norm-epsilon = " + normEpsilon + "\n"
                + "  activation = " + activation.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "\n"
                + "  tie-embeddings = " + tieEmbeddings + "\n"
                + "  dropout = " + dropout + "\n"
                + "  init-std = " + initStd + "\n"
                + "  rope-theta = " + ropeTheta + "\n"
                + "  segment-types = " + segmentTypes + "\n"
                + "  target-vocab-size = " + targetVocabSize + "\n"
                + "  kv-heads = " + kvHeads + "\n"
                + "}\n";
    }

    static String defaultActivation(Family family) {
        return switch (family) {
            case TRANSFORMER -> "relu";
            case BERT, GPT -> "gelu";
            case GPT2, BLOOM -> "gelu-tanh";
            case LLAMA -> "silu";
        };
    }
}
