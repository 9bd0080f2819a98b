package io.sparkllm.model.zoo;

import io.sparkllm.model.layers.LayerNorm;
import io.sparkllm.model.layers.LmHead;
import io.sparkllm.model.layers.PerStepDense;
import io.sparkllm.model.layers.SelfAttention;
import io.sparkllm.model.layers.SwiGluFeedForward;
import io.sparkllm.model.layers.TokenEmbedding;
import io.sparkllm.model.layers.WeightTable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a decoder-only graph, gathered by part for {@link KvCacheDecoder}. They are
 * the graph's own arrays (views, not copies), so the decoder always sees the current weights.
 */
record DecoderWeights(INDArray table, INDArray positions, Norm embedNorm, List<Block> blocks, Norm finalNorm,
                      INDArray headTable, INDArray headBias) {

    /** A LayerNorm (bias present) or RMSNorm (bias null); gain and bias are [1, d]. */
    record Norm(INDArray gain, INDArray bias, double epsilon) {
    }

    record Projection(INDArray weight, INDArray bias) {
    }

    /** One block: attention projections [in, out], the MLP (up/down, or SwiGLU gate/up/down) and its norms. */
    record Block(Norm norm1, Projection q, Projection k, Projection v, Projection o, Norm norm2,
                 Projection up, Projection down, INDArray gate) {
    }

    static DecoderWeights of(ComputationGraph graph, ModelSpec spec) {
        Map<String, INDArray> embed = params(graph, GraphNames.EMBED);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < spec.layers(); i++) {
            blocks.add(block(graph, spec, i));
        }
        INDArray table = params(graph, GraphNames.TABLE).get(WeightTable.WEIGHT);
        INDArray headTable = spec.tieEmbeddings() ? table : params(graph, GraphNames.HEAD_TABLE).get(WeightTable.WEIGHT);
        return new DecoderWeights(table, embed.get(TokenEmbedding.POSITIONS),
                spec.family().embeddingNorm ? norm(graph, spec, GraphNames.EMBED_NORM) : null, blocks,
                spec.family().finalNorm ? norm(graph, spec, GraphNames.FINAL_NORM) : null,
                headTable, params(graph, GraphNames.HEAD).get(LmHead.BIAS));
    }

    private static Block block(ComputationGraph graph, ModelSpec spec, int i) {
        Map<String, INDArray> attn = params(graph, GraphNames.block(i, "attn"));
        Projection up;
        Projection down;
        INDArray gate = null;
        if (spec.family().swiGlu) {
            Map<String, INDArray> mlp = params(graph, GraphNames.block(i, "mlp"));
            gate = mlp.get(SwiGluFeedForward.GATE);
            up = new Projection(mlp.get(SwiGluFeedForward.UP), null);
            down = new Projection(mlp.get(SwiGluFeedForward.DOWN), null);
        } else {
            up = dense(graph, GraphNames.block(i, "mlp.up"));
            down = dense(graph, GraphNames.block(i, "mlp.down"));
        }
        return new Block(norm(graph, spec, GraphNames.block(i, "ln1")),
                projection(attn, SelfAttention.QUERY), projection(attn, SelfAttention.KEY),
                projection(attn, SelfAttention.VALUE), projection(attn, SelfAttention.OUT),
                norm(graph, spec, GraphNames.block(i, "ln2")), up, down, gate);
    }

    private static Projection projection(Map<String, INDArray> params, String name) {
        return new Projection(params.get(name), params.get(name + "b"));
    }

    private static Projection dense(ComputationGraph graph, String vertex) {
        Map<String, INDArray> p = params(graph, vertex);
        return new Projection(p.get(PerStepDense.WEIGHT), p.get(PerStepDense.BIAS));
    }

    private static Norm norm(ComputationGraph graph, ModelSpec spec, String vertex) {
        Map<String, INDArray> p = params(graph, vertex);
        return new Norm(p.get(LayerNorm.GAIN), spec.family().rmsNorm ? null : p.get(LayerNorm.BIAS), spec.normEpsilon());
    }

    private static Map<String, INDArray> params(ComputationGraph graph, String vertex) {
        if (graph.getVertex(vertex) == null) {
            throw new IllegalArgumentException("graph has no vertex '" + vertex + "': not a decoder-only zoo model");
        }
        return graph.getVertex(vertex).paramTable(false);
    }
}
