package io.sparkllm.model.checkpoint;

import io.sparkllm.model.layers.SelfAttention;
import io.sparkllm.model.layers.SwiGluFeedForward;
import io.sparkllm.model.layers.WeightTable;
import io.sparkllm.model.zoo.GraphNames;
import io.sparkllm.model.zoo.ModelSpec;

import java.util.regex.Pattern;

/**
 * LLaMA ({@code LlamaForCausalLM}): bias-free {@code nn.Linear} weights, transposed here. The
 * Hugging Face q/k rows are already in the rotate-half order our rotary uses, so they copy as
 * they are; the head is untied unless the config ties it.
 */
final class LlamaMapping extends HuggingFaceMapping {
    LlamaMapping(ModelSpec spec) {
        super(spec, "model.", Pattern.compile("model\\.layers\\.\\d+\\.self_attn\\.rotary_emb\\.inv_freq"));
        table(base("embed_tokens.weight"), GraphNames.TABLE, WeightTable.WEIGHT);
        for (int i = 0; i < spec.layers(); i++) {
            String h = base("layers." + i + ".");
            String attn = GraphNames.block(i, "attn");
            String mlp = GraphNames.block(i, "mlp");
            norm(h + "input_layernorm", GraphNames.block(i, "ln1"));
            linear(h + "self_attn.q_proj", attn, SelfAttention.QUERY, null);
            linear(h + "self_attn.k_proj", attn, SelfAttention.KEY, null);
            linear(h + "self_attn.v_proj", attn, SelfAttention.VALUE, null);
            linear(h + "self_attn.o_proj", attn, SelfAttention.OUT, null);
            norm(h + "post_attention_layernorm", GraphNames.block(i, "ln2"));
            linear(h + "mlp.gate_proj", mlp, SwiGluFeedForward.GATE, null);
            linear(h + "mlp.up_proj", mlp, SwiGluFeedForward.UP, null);
            linear(h + "mlp.down_proj", mlp, SwiGluFeedForward.DOWN, null);
        }
        norm(base("norm"), GraphNames.FINAL_NORM);
        outputTable("lm_head.weight", base("embed_tokens.weight"));
    }
}
