package io.sparkllm.model.zoo;

import io.sparkllm.model.layers.FirstStepPooler;
import io.sparkllm.model.layers.LmHead;
import io.sparkllm.model.layers.PerStepDense;
import io.sparkllm.model.layers.SparseSoftmaxLoss;
import io.sparkllm.model.layers.StepLayout;
import io.sparkllm.model.layers.TokenEmbedding;
import io.sparkllm.model.layers.WeightTable;
import io.sparkllm.model.train.FusedAdam;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the zoo's models as DL4J ComputationGraphs (trainable by SparkComputationGraph) from a
 * {@link ModelSpec}. Token ids enter as recurrent input {@code [batch, 1, time]} with the usual
 * {@code [batch, time]} mask; the language-model output "lm" gives next-token probabilities as
 * rows {@code [batch·time, vocab]} and trains on sparse labels {@code [batch, 1, time]}. The logits
 * themselves are the activations of "lm.head", in the same rows ({@link Logits} reads them).
 * Between the embedding and the head, activations are {@code [batch, time, d]}
 * ({@link #LAYOUT}): rows of steps for every weight matmul without a permuted copy.
 */
public final class ModelGraphs {
    /** The layout of the hidden states of every zoo graph. */
    public static final StepLayout LAYOUT = StepLayout.FEATURES_LAST;

    private ModelGraphs() {
    }

    public static ComputationGraphConfiguration configuration(ModelSpec spec, long seed, IUpdater updater, DataType dataType) {
        return configuration(spec, seed, new TrainingOptions(updater, 0, 0), dataType);
    }

    public static ComputationGraphConfiguration configuration(ModelSpec spec, long seed, TrainingOptions training, DataType dataType) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder().seed(seed).dataType(dataType);
        training.applyTo(base);
        GraphBuilder graph = base.graphBuilder();
        switch (spec.family()) {
            case BERT -> bert(spec, graph);
            case GPT, GPT2, BLOOM, LLAMA -> decoder(spec, graph);
            case TRANSFORMER -> encoderDecoder(spec, graph);
        }
        return graph.build();
    }

    public static ComputationGraphConfiguration configuration(ModelSpec spec, long seed) {
        return configuration(spec, seed, new FusedAdam(3e-4), DataType.FLOAT);
    }

    /** A new model with freshly initialised parameters. */
    public static ComputationGraph create(ModelSpec spec, long seed, DataType dataType) {
        ComputationGraph net = new ComputationGraph(configuration(spec, seed, new FusedAdam(3e-4), dataType));
        net.init();
        return net;
    }

    /** Token table, lookup with positions, then the embedding norm (BLOOM) and dropout. */
    static String embedding(ModelSpec spec, GraphBuilder graph, TransformerBlocks blocks, String tokens, String segments) {
        graph.addVertex(GraphNames.TABLE, new WeightTable(spec.vocabSize(), spec.dModel(), spec.initStd()), tokens);
        return lookup(spec, graph, blocks, GraphNames.EMBED, tokens, GraphNames.TABLE, segments);
    }

    /** Looks tokens up in a table (adding positions and segments), then the embedding norm and dropout. */
    static String lookup(ModelSpec spec, GraphBuilder graph, TransformerBlocks blocks, String name, String tokens,
                         String table, String segments) {
        double scale = spec.family() == Family.TRANSFORMER ? Math.sqrt(spec.dModel()) : 1;
        TokenEmbedding embedding = new TokenEmbedding(spec.dModel(), spec.family().embeddingPositions, spec.maxPositions(),
                spec.segmentTypes(), scale, spec.initStd());
        embedding.setLayout(LAYOUT);
        if (segments != null) {
            graph.addVertex(name, embedding, tokens, table, segments);
        } else {
            graph.addVertex(name, embedding, tokens, table);
        }
        String x = name;
        if (spec.family().embeddingNorm) {
            graph.addLayer(GraphNames.EMBED_NORM, blocks.norm(), x);
            x = GraphNames.EMBED_NORM;
        }
        return blocks.dropout(x);
    }

    /** Logits from the tied token table or a table of the head's own, then softmax cross-entropy on sparse labels. */
    static void languageModelHead(ModelSpec spec, GraphBuilder graph, String hidden, String anchor, String head,
                                  String output, boolean bias) {
        String table = GraphNames.TABLE;
        if (!spec.tieEmbeddings()) {
            graph.addVertex(GraphNames.HEAD_TABLE, new WeightTable(spec.outputVocabSize(), spec.dModel(), spec.initStd()), anchor);
            table = GraphNames.HEAD_TABLE;
        }
        graph.addVertex(head, new LmHead(spec.outputVocabSize(), bias, LAYOUT), hidden, table);
        graph.addLayer(output, new SparseSoftmaxLoss(), head);
    }

    private static void decoder(ModelSpec spec, GraphBuilder graph) {
        graph.addInputs(GraphNames.TOKENS).setInputTypes(InputType.recurrent(1));
        TransformerBlocks blocks = new TransformerBlocks(spec, graph);
        String x = embedding(spec, graph, blocks, GraphNames.TOKENS, null);
        x = blocks.stack(x, true, i -> part -> GraphNames.block(i, part));
        if (spec.family().finalNorm) {
            graph.addLayer(GraphNames.FINAL_NORM, blocks.norm(), x);
            x = GraphNames.FINAL_NORM;
        }
        languageModelHead(spec, graph, x, GraphNames.TOKENS, GraphNames.HEAD, GraphNames.LM, false);
        graph.setOutputs(GraphNames.LM);
    }

    /**
     * The original Transformer: the source runs through the encoder, the (right-shifted) target
     * through the decoder, whose blocks also attend to the encoder's output. Source and target
     * share one embedding table unless the spec gives the target a vocabulary of its own; the
     * output head is tied to the target table when embeddings are tied.
     */
    private static void encoderDecoder(ModelSpec spec, GraphBuilder graph) {
        graph.addInputs(GraphNames.SOURCE, GraphNames.TOKENS).setInputTypes(InputType.recurrent(1), InputType.recurrent(1));
        TransformerBlocks blocks = new TransformerBlocks(spec, graph);
        String sourceTable = GraphNames.TABLE;
        graph.addVertex(GraphNames.TABLE, new WeightTable(spec.outputVocabSize(), spec.dModel(), spec.initStd()), GraphNames.TOKENS);
        if (spec.targetVocabSize() > 0) {
            sourceTable = GraphNames.SOURCE_TABLE;
            graph.addVertex(sourceTable, new WeightTable(spec.vocabSize(), spec.dModel(), spec.initStd()), GraphNames.SOURCE);
        }
        String source = lookup(spec, graph, blocks, GraphNames.SOURCE_EMBED, GraphNames.SOURCE, sourceTable, null);
        String memory = blocks.stack(source, false, i -> part -> GraphNames.encoderBlock(i, part));
        String target = lookup(spec, graph, blocks, GraphNames.EMBED, GraphNames.TOKENS, GraphNames.TABLE, null);
        String x = blocks.stack(target, true, memory, i -> part -> GraphNames.block(i, part));
        languageModelHead(spec, graph, x, GraphNames.TOKENS, GraphNames.HEAD, GraphNames.LM, false);
        graph.setOutputs(GraphNames.LM);
    }

    /** BERT for pretraining: the encoder, the MLM head (transform, tied decoder, bias) and the NSP head on the pooler. */
    private static void bert(ModelSpec spec, GraphBuilder graph) {
        graph.addInputs(GraphNames.TOKENS, GraphNames.SEGMENTS).setInputTypes(InputType.recurrent(1), InputType.recurrent(1));
        TransformerBlocks blocks = new TransformerBlocks(spec, graph);
        String x = embedding(spec, graph, blocks, GraphNames.TOKENS, GraphNames.SEGMENTS);
        x = blocks.stack(x, false, i -> part -> GraphNames.block(i, part));
        graph.addLayer(GraphNames.MLM_DENSE, new PerStepDense(spec.dModel(), true, spec.activation(), spec.initStd()), x);
        graph.addLayer(GraphNames.MLM_NORM, blocks.norm(), GraphNames.MLM_DENSE);
        languageModelHead(spec, graph, GraphNames.MLM_NORM, GraphNames.TOKENS, GraphNames.HEAD, GraphNames.LM, true);
        graph.addVertex(GraphNames.POOLER, new FirstStepPooler(spec.dModel(), spec.initStd(), LAYOUT), x);
        graph.addLayer(GraphNames.NSP, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(spec.dModel()).nOut(2)
                .activation(Activation.SOFTMAX).build(), GraphNames.POOLER);
        graph.setOutputs(GraphNames.LM, GraphNames.NSP);
    }
}
