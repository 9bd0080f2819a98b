package io.sparkllm.model.zoo;

import io.sparkllm.model.layers.FeatureNormalization;
import io.sparkllm.model.layers.LayerNorm;
import io.sparkllm.model.layers.Nonlinearity;
import io.sparkllm.model.layers.PerStepDense;
import io.sparkllm.model.layers.RmsNorm;
import io.sparkllm.model.layers.SelfAttention;
import io.sparkllm.model.layers.SwiGluFeedForward;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;

import java.util.function.IntFunction;

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
        String x = input;
        for (int i = 0; i < spec.layers(); i++) {
            x = block(x, causal, names.apply(i));
        }
        return x;
    }

    private String block(String x, boolean causal, BlockNames n) {
        boolean pre = spec.family().preNorm;
        if (pre) {
            graph.addLayer(n.part("ln1"), norm(), x);
        }
        String attention = withDropout(n.part("attn"), attention(causal), pre ? n.part("ln1") : x);
        graph.addVertex(n.part("res1"), new ElementWiseVertex(ElementWiseVertex.Op.Add), x, attention);
        String afterAttention = n.part("res1");
        if (!pre) {
            graph.addLayer(n.part("ln1"), norm(), afterAttention);
            afterAttention = n.part("ln1");
        }
        if (pre) {
            graph.addLayer(n.part("ln2"), norm(), afterAttention);
        }
        String mlp = feedForward(n, pre ? n.part("ln2") : afterAttention);
        graph.addVertex(n.part("res2"), new ElementWiseVertex(ElementWiseVertex.Op.Add), afterAttention, mlp);
        if (pre) {
            return n.part("res2");
        }
        graph.addLayer(n.part("ln2"), norm(), n.part("res2"));
        return n.part("ln2");
    }

    private SelfAttention attention(boolean causal) {
        SelfAttention attention = new SelfAttention(spec.heads(), causal, spec.family().attentionPositions, spec.family().biases);
        attention.setRopeTheta(spec.ropeTheta());
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
        if (spec.dropout() == 0) {
            return name;
        }
        // DL4J's dropout argument is the probability to keep.
        graph.addLayer(name + ".drop", new DropoutLayer(1 - spec.dropout()), name);
        return name + ".drop";
    }

    /** Names the parts of one block. */
    interface BlockNames {
        String part(String part);
    }
}
