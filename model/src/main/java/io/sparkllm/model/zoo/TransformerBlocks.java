package io.sparkllm.model.zoo;

import io.sparkllm.model.layers.CrossAttention;
import io.sparkllm.model.layers.FeatureNormalization;
import io.sparkllm.model.layers.LayerNorm;
import io.sparkllm.model.layers.Nonlinearity;
import io.sparkllm.model.layers.PerStepDense;
import io.sparkllm.model.layers.RmsNorm;
import io.sparkllm.model.layers.ResidualAdd;
import io.sparkllm.model.layers.SelfAttention;
import io.sparkllm.model.layers.StepDropout;
import io.sparkllm.model.layers.SwiGluFeedForward;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;

import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * Adds a stack of Transformer blocks to a graph: self-attention and a feed-forward block, each
 * with its residual, the norms before (pre-LN) or after (post-LN) as the family has them.
 */
final class TransformerBlocks {
    private final ModelSpec spec;
    private final GraphBuilder graph;

    TransformerBlocks(ModelSpec spec, GraphBuilder graph) {
        this.spec = spec;
        this.graph = graph;
    }

    FeatureNormalization norm() {
        FeatureNormalization norm = spec.family().rmsNorm ? new RmsNorm() : new LayerNorm();
        norm.setEpsilon(spec.normEpsilon());
        return norm;
    }

    /** Adds blocks 0..layers-1 named by {@code names}, fed from {@code input}; returns the last output's name. */
    String stack(String input, boolean causal, IntFunction<BlockNames> names) {
        return stack(input, causal, null, names);
    }

    /**
     * The same with encoder-decoder attention over {@code memory} (the encoder's output) between
     * self-attention and the feed-forward block, when memory is given.
     */
    String stack(String input, boolean causal, String memory, IntFunction<BlockNames> names) {
        String x = input;
        for (int i = 0; i < spec.layers(); i++) {
            BlockNames n = names.apply(i);
            x = sublayer(x, n, "1", in -> withDropout(n.part("attn"), attention(causal), in));
            if (memory != null) {
                x = sublayer(x, n, "x", in -> {
                    graph.addVertex(n.part("cross"), new CrossAttention(spec.dModel(), spec.heads(), ModelGraphs.LAYOUT), in, memory);
                    return dropout(n.part("cross"));
                });
            }
            x = sublayer(x, n, "2", in -> feedForward(n, in));
        }
        return x;
    }

    /**
     * One residual sublayer: x + body(norm(x)) in pre-LN, norm(x + body(x)) in post-LN. Its norm
     * is "ln" + tag, its sum "res" + tag.
     */
    private String sublayer(String x, BlockNames n, String tag, UnaryOperator<String> body) {
        String norm = n.part("ln" + tag);
        String sum = n.part("res" + tag);
        if (spec.family().preNorm) {
            graph.addLayer(norm, norm(), x);
            graph.addVertex(sum, new ResidualAdd(), x, body.apply(norm));
            return sum;
        }
        graph.addVertex(sum, new ResidualAdd(), x, body.apply(x));
        graph.addLayer(norm, norm(), sum);
        return norm;
    }

    private SelfAttention attention(boolean causal) {
        SelfAttention attention = new SelfAttention(spec.heads(), causal, spec.family().attentionPositions, spec.family().biases);
        attention.setRopeTheta(spec.ropeTheta());
        if (spec.kvHeads() != spec.heads()) {
            attention.setKvHeads(spec.kvHeads());
        }
        return attention;
    }

    private String feedForward(BlockNames n, String input) {
        if (spec.family().swiGlu) {
            return withDropout(n.part("mlp"), new SwiGluFeedForward(0, spec.ffnSize()), input);
        }
        boolean bias = spec.family().biases;
        graph.addLayer(n.part("mlp.up"), new PerStepDense(spec.ffnSize(), bias, spec.activation(), spec.initStd()), input);
        return withDropout(n.part("mlp.down"), new PerStepDense(spec.dModel(), bias, Nonlinearity.IDENTITY, spec.initStd()),
                n.part("mlp.up"));
    }

    /** Adds the layer and, when the spec has dropout, a dropout on its output; returns the output's name. */
    String withDropout(String name, org.deeplearning4j.nn.conf.layers.Layer layer, String input) {
        graph.addLayer(name, layer, input);
        return dropout(name);
    }

    /** A dropout on the named vertex's output when the spec has dropout; returns the name to use downstream. */
    String dropout(String name) {
        if (spec.dropout() == 0) {
            return name;
        }
        graph.addVertex(name + ".drop", new StepDropout(spec.dropout()), name);
        return name + ".drop";
    }

    /** Names the parts of one block. */
    interface BlockNames {
        String part(String part);
    }
}
