package io.sparkllm.model.zoo;

import io.sparkllm.model.layers.LayerNorm;
import io.sparkllm.model.layers.PerStepDense;
import io.sparkllm.model.layers.SelfAttention;
import io.sparkllm.model.layers.WeightTable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parameters of the encoder-decoder graph ({@link ModelGraphs}' transformer family), gathered
 * by part for {@link CachedTranslator}. Views of the graph's own arrays, as in {@link DecoderWeights}.
 *
 * @param sourceTable the source embedding table: the target one when the vocabularies are shared
 * @param headTable   the output head's table: the target embedding table when embeddings are tied
 */
record TranslatorWeights(INDArray sourceTable, INDArray targetTable, INDArray headTable,
                         List<Block> encoder, List<Block> decoder) {

    /** Query, key, value and output projections [in, out] with their biases. */
    record Attention(DecoderWeights.Projection q, DecoderWeights.Projection k, DecoderWeights.Projection v,
                     DecoderWeights.Projection o) {
    }

    /** One post-LN block; the encoder's have no cross-attention (cross and crossNorm null). */
    record Block(Attention self, DecoderWeights.Norm norm1, Attention cross, DecoderWeights.Norm crossNorm,
                 DecoderWeights.Projection up, DecoderWeights.Projection down, DecoderWeights.Norm norm2) {
    }

    static TranslatorWeights of(ComputationGraph graph, ModelSpec spec) {
        List<Block> encoder = new ArrayList<>();
        List<Block> decoder = new ArrayList<>();
        for (int i = 0; i < spec.layers(); i++) {
            int layer = i;
            encoder.add(block(graph, spec, part -> GraphNames.encoderBlock(layer, part), false));
            decoder.add(block(graph, spec, part -> GraphNames.block(layer, part), true));
        }
        INDArray target = table(graph, GraphNames.TABLE);
        INDArray source = spec.targetVocabSize() > 0 ? table(graph, GraphNames.SOURCE_TABLE) : target;
        INDArray head = spec.tieEmbeddings() ? target : table(graph, GraphNames.HEAD_TABLE);
        return new TranslatorWeights(source, target, head, encoder, decoder);
    }

    private static Block block(ComputationGraph graph, ModelSpec spec, TransformerBlocks.BlockNames n, boolean cross) {
        return new Block(attention(graph, n.part("attn")), norm(graph, spec, n.part("ln1")),
                cross ? attention(graph, n.part("cross")) : null, cross ? norm(graph, spec, n.part("lnx")) : null,
                dense(graph, n.part("mlp.up")), dense(graph, n.part("mlp.down")), norm(graph, spec, n.part("ln2")));
    }

    private static Attention attention(ComputationGraph graph, String vertex) {
        Map<String, INDArray> p = params(graph, vertex);
        return new Attention(projection(p, SelfAttention.QUERY), projection(p, SelfAttention.KEY),
                projection(p, SelfAttention.VALUE), projection(p, SelfAttention.OUT));
    }

    private static DecoderWeights.Projection projection(Map<String, INDArray> params, String name) {
        return new DecoderWeights.Projection(params.get(name), params.get(name + "b"));
    }

    private static DecoderWeights.Projection dense(ComputationGraph graph, String vertex) {
        Map<String, INDArray> p = params(graph, vertex);
        return new DecoderWeights.Projection(p.get(PerStepDense.WEIGHT), p.get(PerStepDense.BIAS));
    }

    private static DecoderWeights.Norm norm(ComputationGraph graph, ModelSpec spec, String vertex) {
        Map<String, INDArray> p = params(graph, vertex);
        return new DecoderWeights.Norm(p.get(LayerNorm.GAIN), p.get(LayerNorm.BIAS), spec.normEpsilon());
    }

    private static INDArray table(ComputationGraph graph, String vertex) {
        return params(graph, vertex).get(WeightTable.WEIGHT);
    }

    private static Map<String, INDArray> params(ComputationGraph graph, String vertex) {
        if (graph.getVertex(vertex) == null) {
            throw new IllegalArgumentException("graph has no vertex '" + vertex + "': not an encoder-decoder zoo model");
        }
        return graph.getVertex(vertex).paramTable(false);
    }
}
