package io.sparkllm.model.checkpoint;

import io.sparkllm.model.layers.PerStepDense;
import io.sparkllm.model.layers.SelfAttention;
import io.sparkllm.model.layers.WeightTable;
import io.sparkllm.model.zoo.GraphNames;
import io.sparkllm.model.zoo.ModelSpec;

/**
 * BLOOM ({@code BloomForCausalLM}): {@code nn.Linear} weights, transposed here; the fused
 * {@code query_key_value} groups its rows per head (q, k, v of head 0, then of head 1, ...).
 * ALiBi has no parameters.
 */
final class BloomMapping extends HuggingFaceMapping {
    BloomMapping(ModelSpec spec) {
        super(spec, "transformer.", NO_BUFFERS);
        table(base("word_embeddings.weight"), GraphNames.TABLE, WeightTable.WEIGHT);
        norm(base("word_embeddings_layernorm"), GraphNames.EMBED_NORM);
        for (int i = 0; i < spec.layers(); i++) {
            String h = base("h." + i + ".");
            String attn = GraphNames.block(i, "attn");
            norm(h + "input_layernorm", GraphNames.block(i, "ln1"));
            add(h + "self_attention.query_key_value.weight", TensorLayouts.perHeadRows(spec.heads()),
                    new GraphParameter(attn, SelfAttention.QUERY), new GraphParameter(attn, SelfAttention.KEY),
                    new GraphParameter(attn, SelfAttention.VALUE));
            add(h + "self_attention.query_key_value.bias", TensorLayouts.perHeadVector(spec.heads()),
                    new GraphParameter(attn, SelfAttention.QUERY + "b"), new GraphParameter(attn, SelfAttention.KEY + "b"),
                    new GraphParameter(attn, SelfAttention.VALUE + "b"));
            linear(h + "self_attention.dense", attn, SelfAttention.OUT, SelfAttention.OUT + "b");
            norm(h + "post_attention_layernorm", GraphNames.block(i, "ln2"));
            linear(h + "mlp.dense_h_to_4h", GraphNames.block(i, "mlp.up"), PerStepDense.WEIGHT, PerStepDense.BIAS);
            linear(h + "mlp.dense_4h_to_h", GraphNames.block(i, "mlp.down"), PerStepDense.WEIGHT, PerStepDense.BIAS);
        }
        norm(base("ln_f"), GraphNames.FINAL_NORM);
        outputTable("lm_head.weight", base("word_embeddings.weight"));
    }
}
