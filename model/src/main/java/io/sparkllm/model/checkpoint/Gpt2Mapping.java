package io.sparkllm.model.checkpoint;

import io.sparkllm.model.layers.PerStepDense;
import io.sparkllm.model.layers.SelfAttention;
import io.sparkllm.model.layers.TokenEmbedding;
import io.sparkllm.model.layers.WeightTable;
import io.sparkllm.model.zoo.GraphNames;
import io.sparkllm.model.zoo.ModelSpec;

import java.util.regex.Pattern;

/**
 * GPT-2 ({@code GPT2LMHeadModel}). Its {@code Conv1D} weights are stored [in, out] like ours; the
 * fused {@code c_attn} holds q, k and v side by side in its columns.
 */
final class Gpt2Mapping extends HuggingFaceMapping {
    Gpt2Mapping(ModelSpec spec) {
        super(spec, "transformer.", Pattern.compile("transformer\\.h\\.\\d+\\.attn\\.(bias|masked_bias)"));
        table(base("wte.weight"), GraphNames.TABLE, WeightTable.WEIGHT);
        table(base("wpe.weight"), GraphNames.EMBED, TokenEmbedding.POSITIONS);
        for (int i = 0; i < spec.layers(); i++) {
            String h = base("h." + i + ".");
            String attn = GraphNames.block(i, "attn");
            norm(h + "ln_1", GraphNames.block(i, "ln1"));
            add(h + "attn.c_attn.weight", TensorLayouts.SIDE_BY_SIDE, new GraphParameter(attn, SelfAttention.QUERY),
                    new GraphParameter(attn, SelfAttention.KEY), new GraphParameter(attn, SelfAttention.VALUE));
            add(h + "attn.c_attn.bias", TensorLayouts.END_TO_END, new GraphParameter(attn, SelfAttention.QUERY + "b"),
                    new GraphParameter(attn, SelfAttention.KEY + "b"), new GraphParameter(attn, SelfAttention.VALUE + "b"));
            add(h + "attn.c_proj.weight", TensorLayouts.AS_IS, new GraphParameter(attn, SelfAttention.OUT));
            add(h + "attn.c_proj.bias", TensorLayouts.VECTOR, new GraphParameter(attn, SelfAttention.OUT + "b"));
            norm(h + "ln_2", GraphNames.block(i, "ln2"));
            conv1d(h + "mlp.c_fc", GraphNames.block(i, "mlp.up"));
            conv1d(h + "mlp.c_proj", GraphNames.block(i, "mlp.down"));
        }
        norm(base("ln_f"), GraphNames.FINAL_NORM);
        outputTable("lm_head.weight", base("wte.weight"));
    }

    /** A {@code Conv1D}: weight [in, out] and bias, as a dense layer here. */
    private void conv1d(String name, String vertex) {
        add(name + ".weight", TensorLayouts.AS_IS, new GraphParameter(vertex, PerStepDense.WEIGHT));
        add(name + ".bias", TensorLayouts.VECTOR, new GraphParameter(vertex, PerStepDense.BIAS));
    }
}
