package io.sparkllm.model.checkpoint;

import io.sparkllm.model.layers.FirstStepPooler;
import io.sparkllm.model.layers.LmHead;
import io.sparkllm.model.layers.PerStepDense;
import io.sparkllm.model.layers.SelfAttention;
import io.sparkllm.model.layers.TokenEmbedding;
import io.sparkllm.model.layers.WeightTable;
import io.sparkllm.model.zoo.GraphNames;
import io.sparkllm.model.zoo.ModelSpec;
import org.deeplearning4j.nn.params.DefaultParamInitializer;

import java.util.regex.Pattern;

/**
 * BERT for pretraining ({@code BertForPreTraining}): the encoder under "bert.", the MLM and NSP
 * heads under "cls.". {@code nn.Linear} weights are transposed here. The MLM decoder is the token
 * table and its bias {@code cls.predictions.bias}; checkpoints that store the decoder's tied copies
 * are read too.
 */
final class BertMapping extends HuggingFaceMapping {
    BertMapping(ModelSpec spec) {
        super(spec, "bert.", Pattern.compile("bert\\.embeddings\\.(position_ids|token_type_ids)"));
        String words = base("embeddings.word_embeddings.weight");
        table(words, GraphNames.TABLE, WeightTable.WEIGHT);
        table(base("embeddings.position_embeddings.weight"), GraphNames.EMBED, TokenEmbedding.POSITIONS);
        table(base("embeddings.token_type_embeddings.weight"), GraphNames.EMBED, TokenEmbedding.SEGMENTS);
        norm(base("embeddings.LayerNorm"), GraphNames.EMBED_NORM);
        for (int i = 0; i < spec.layers(); i++) {
            String layer = base("encoder.layer." + i + ".");
            String attn = GraphNames.block(i, "attn");
            linear(layer + "attention.self.query", attn, SelfAttention.QUERY, SelfAttention.QUERY + "b");
            linear(layer + "attention.self.key", attn, SelfAttention.KEY, SelfAttention.KEY + "b");
            linear(layer + "attention.self.value", attn, SelfAttention.VALUE, SelfAttention.VALUE + "b");
            linear(layer + "attention.output.dense", attn, SelfAttention.OUT, SelfAttention.OUT + "b");
            norm(layer + "attention.output.LayerNorm", GraphNames.block(i, "ln1"));
            linear(layer + "intermediate.dense", GraphNames.block(i, "mlp.up"), PerStepDense.WEIGHT, PerStepDense.BIAS);
            linear(layer + "output.dense", GraphNames.block(i, "mlp.down"), PerStepDense.WEIGHT, PerStepDense.BIAS);
            norm(layer + "output.LayerNorm", GraphNames.block(i, "ln2"));
        }
        linear(base("pooler.dense"), GraphNames.POOLER, FirstStepPooler.WEIGHT, FirstStepPooler.BIAS);
        linear("cls.predictions.transform.dense", GraphNames.MLM_DENSE, PerStepDense.WEIGHT, PerStepDense.BIAS);
        norm("cls.predictions.transform.LayerNorm", GraphNames.MLM_NORM);
        add("cls.predictions.bias", TensorLayouts.VECTOR, new GraphParameter(GraphNames.HEAD, LmHead.BIAS));
        tiedCopy("cls.predictions.decoder.bias", "cls.predictions.bias");
        outputTable("cls.predictions.decoder.weight", words);
        linear("cls.seq_relationship", GraphNames.NSP, DefaultParamInitializer.WEIGHT_KEY, DefaultParamInitializer.BIAS_KEY);
    }
}
