package io.sparkllm.model.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Map;

/**
 * Sequence classifiers on a zoo backbone: the same embedding and blocks (same vertex names, so a
 * pretrained model's weights carry over), then a softmax output "classify" over the labels. A
 * decoder classifies from its last real token (the final norm's output at the last step the
 * token mask lets through, {@link io.sparkllm.model.layers.LastRealStep}); BERT from its pooled [CLS] vector, as in BertForSequenceClassification.
 */
public final class ClassifierGraphs {
    public static final String OUTPUT = "classify";
    public static final String LAST_STEP = "last.step";

    private ClassifierGraphs() {
    }

    public static ComputationGraphConfiguration configuration(ModelSpec spec, int labels, long seed, TrainingOptions training,
                                                              DataType dataType) {
        if (spec.family() == Family.TRANSFORMER) {
            throw new IllegalArgumentException("the encoder-decoder Transformer has no classifier; use bert or a decoder");
        }
        if (labels < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 labels, got " + labels);
        }
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder().seed(seed).dataType(dataType);
        training.applyTo(base);
        GraphBuilder graph = base.graphBuilder();
        TransformerBlocks blocks = new TransformerBlocks(spec, graph);
        String pooled;
        if (spec.family() == Family.BERT) {
            graph.addInputs(GraphNames.TOKENS, GraphNames.SEGMENTS).setInputTypes(InputType.recurrent(1), InputType.recurrent(1));
            String x = ModelGraphs.embedding(spec, graph, blocks, GraphNames.TOKENS, GraphNames.SEGMENTS);
            x = blocks.stack(x, false, i -> part -> GraphNames.block(i, part));
            graph.addVertex(GraphNames.POOLER, new io.sparkllm.model.layers.FirstStepPooler(spec.dModel(), spec.initStd(), ModelGraphs.LAYOUT), x);
            pooled = blocks.dropout(GraphNames.POOLER);
        } else {
            graph.addInputs(GraphNames.TOKENS).setInputTypes(InputType.recurrent(1));
            String x = ModelGraphs.embedding(spec, graph, blocks, GraphNames.TOKENS, null);
            x = blocks.stack(x, true, i -> part -> GraphNames.block(i, part));
            if (spec.family().finalNorm) {
                graph.addLayer(GraphNames.FINAL_NORM, blocks.norm(), x);
                x = GraphNames.FINAL_NORM;
            }
            graph.addVertex(LAST_STEP, new io.sparkllm.model.layers.LastRealStep(ModelGraphs.LAYOUT), x);
            pooled = LAST_STEP;
        }
        graph.addLayer(OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(spec.dModel()).nOut(labels)
                .weightInit(new WeightInitDistribution(new org.deeplearning4j.nn.conf.distribution.NormalDistribution(0,
                        spec.initStd())))
                .activation(Activation.SOFTMAX).build(), pooled);
        graph.setOutputs(OUTPUT);
        return graph.build();
    }

    /**
     * Copies every parameter the classifier shares by name and shape with a trained model (its
     * backbone); returns how many arrays were copied. The head stays freshly initialised.
     */
    public static int copyBackbone(ComputationGraph from, ComputationGraph to) {
        Map<String, INDArray> source = from.paramTable();
        int copied = 0;
        for (Map.Entry<String, INDArray> target : to.paramTable().entrySet()) {
            INDArray value = source.get(target.getKey());
            if (value != null && java.util.Arrays.equals(value.shape(), target.getValue().shape())) {
                target.getValue().assign(value);
                copied++;
            }
        }
        return copied;
    }
}
