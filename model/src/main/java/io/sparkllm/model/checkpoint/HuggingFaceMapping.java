package io.sparkllm.model.checkpoint;

import io.sparkllm.model.layers.LayerNorm;
import io.sparkllm.model.layers.RmsNorm;
import io.sparkllm.model.layers.WeightTable;
import io.sparkllm.model.zoo.GraphNames;
import io.sparkllm.model.zoo.ModelSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which Hugging Face tensor fills which graph parameters, for one family and size: the tensors
 * listed under the names the family's Hugging Face class saves them (with the base model's
 * prefix), plus what a stored name may look like on the hub (no prefix; TF-era gamma/beta),
 * buffers that carry no parameters, and tied copies some checkpoints store anyway.
 */
abstract class HuggingFaceMapping {
    /** For families whose checkpoints store no buffers: matches no name. */
    protected static final Pattern NO_BUFFERS = Pattern.compile("(?!)");
    protected final ModelSpec spec;
    private final String basePrefix;
    private final Pattern buffers;
    private final List<TensorMapping> tensors = new ArrayList<>();
    private final Map<String, String> tiedCopies = new LinkedHashMap<>();
    private final Set<String> names = new LinkedHashSet<>();

    /**
     * @param basePrefix the prefix of the base model's tensors ("transformer."), which checkpoints
     *                   of the bare base model leave off
     * @param buffers    full names of stored buffers that hold no parameters (causal masks, rotary
     *                   frequencies, position ids); skipped when present
     */
    protected HuggingFaceMapping(ModelSpec spec, String basePrefix, Pattern buffers) {
        this.spec = spec;
        this.basePrefix = basePrefix;
        this.buffers = buffers;
    }

    static HuggingFaceMapping of(ModelSpec spec) {
        return switch (spec.family()) {
            case GPT2 -> new Gpt2Mapping(spec);
            case BLOOM -> new BloomMapping(spec);
            case LLAMA -> new LlamaMapping(spec);
            case BERT -> new BertMapping(spec);
            default -> throw new CheckpointFormatException("family " + spec.family().key()
                    + " has no Hugging Face layout here (supported: " + String.join(", ", HuggingFaceConfig.MODEL_TYPES) + ")");
        };
    }

    /** Every tensor a checkpoint of this model holds, in the order they were listed. */
    List<TensorMapping> tensors() {
        return Collections.unmodifiableList(tensors);
    }

    /** Tensors some checkpoints store although they repeat another (tied weights): name to the one repeated. */
    Map<String, String> tiedCopies() {
        return Collections.unmodifiableMap(tiedCopies);
    }

    boolean isBuffer(String fullName) {
        return buffers.matcher(fullName).matches();
    }

    /**
     * The full name a stored tensor stands for: the name itself, or with the base prefix when the
     * checkpoint holds the bare base model, with LayerNorm's TF-era "gamma"/"beta" read as
     * "weight"/"bias" as the Hugging Face loader reads them.
     */
    String fullName(String stored) {
        String name = stored;
        if (name.endsWith(".gamma")) {
            name = name.substring(0, name.length() - ".gamma".length()) + ".weight";
        } else if (name.endsWith(".beta")) {
            name = name.substring(0, name.length() - ".beta".length()) + ".bias";
        }
        if (!name.startsWith(basePrefix) && known(basePrefix + name) && !known(name)) {
            name = basePrefix + name;
        }
        return known(name) ? name : stored;
    }

    private boolean known(String fullName) {
        return names.contains(fullName) || tiedCopies.containsKey(fullName) || isBuffer(fullName);
    }

    /** A name within the base model: "h.0.ln_1.weight" becomes "transformer.h.0.ln_1.weight". */
    protected String base(String name) {
        return basePrefix + name;
    }

    protected void add(String name, TensorLayout layout, GraphParameter... parts) {
        if (!names.add(name)) {
            throw new IllegalStateException("tensor '" + name + "' mapped twice");
        }
        tensors.add(new TensorMapping(name, layout, List.of(parts)));
    }

    /** An embedding or position table, stored [rows, d] as here. */
    protected void table(String name, String vertex, String key) {
        add(name, TensorLayouts.AS_IS, new GraphParameter(vertex, key));
    }

    /** An {@code nn.Linear} "{name}.weight" [out, in] and, when {@code biasKey} isn't null, "{name}.bias". */
    protected void linear(String name, String vertex, String weightKey, String biasKey) {
        add(name + ".weight", TensorLayouts.TRANSPOSED, new GraphParameter(vertex, weightKey));
        if (biasKey != null) {
            add(name + ".bias", TensorLayouts.VECTOR, new GraphParameter(vertex, biasKey));
        }
    }

    /** The family's norm: LayerNorm "{name}.weight" and ".bias", or RMSNorm "{name}.weight". */
    protected void norm(String name, String vertex) {
        add(name + ".weight", TensorLayouts.VECTOR, new GraphParameter(vertex, spec.family().rmsNorm ? RmsNorm.GAIN : LayerNorm.GAIN));
        if (!spec.family().rmsNorm) {
            add(name + ".bias", TensorLayouts.VECTOR, new GraphParameter(vertex, LayerNorm.BIAS));
        }
    }

    /**
     * The output projection onto the vocabulary: tied to the token table (and then possibly stored
     * as a copy under {@code name}) or a table of its own stored under {@code name}.
     */
    protected void outputTable(String name, String tokenTable) {
        if (spec.tieEmbeddings()) {
            tiedCopies.put(name, tokenTable);
        } else {
            table(name, GraphNames.HEAD_TABLE, WeightTable.WEIGHT);
        }
    }

    protected void tiedCopy(String name, String of) {
        tiedCopies.put(name, of);
    }
}
