package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * Language-model head: logits = h · Wᵀ (+ bias) at every step, with W {@code [vocab, size]} taken
 * from a {@link WeightTable} input: the embedding table itself when embeddings are tied (GPT-2,
 * BLOOM, BERT's MLM decoder), a table of its own otherwise (LLaMA's lm_head). Hidden states come
 * as recurrent activations in the configured {@link StepLayout}; logits leave as rows
 * {@code [batch·time, vocab]} (row b·time + t is step t of sequence b), the layout of the matmul
 * itself and of {@link SparseSoftmaxLoss}, so the largest array of the model is never permuted.
 */
public class LmHead extends NdVertex {
    public static final String BIAS = "b";

    private long vocabulary;
    private boolean bias;
    private StepLayout layout = StepLayout.FEATURES_FIRST;

    public LmHead() {
    }

    public LmHead(long vocabulary, boolean bias) {
        this(vocabulary, bias, StepLayout.FEATURES_FIRST);
    }

    public LmHead(long vocabulary, boolean bias, StepLayout layout) {
        this.vocabulary = vocabulary;
        this.bias = bias;
        this.layout = layout;
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.clear();
        params.defineInputs("hidden", "table");
        if (bias) {
            params.addBiasParam(BIAS, 1, vocabulary);
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        for (INDArray p : params.values()) {
            p.assign(0);
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        layout.check(vertexInputs[0], "LmHead");
        return InputType.feedForward(vocabulary);
    }

    @Override
    public LmHead clone() {
        return withTrainingSettings(new LmHead(vocabulary, bias, layout));
    }

    @Override
    protected NdVertexRuntime runtime(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                      boolean initializeParams, DataType dataType) {
        return new NdVertexRuntime(this, graph, name, idx, paramsView, initializeParams, dataType) {
            @Override
            protected INDArray forward(INDArray[] inputs, boolean training) {
                INDArray logits = Matmul.times(layout.rows(inputs[0]), false, inputs[1], true);
                if (bias) {
                    logits.addiRowVector(param(BIAS));
                }
                return logits;
            }

            @Override
            protected INDArray[] backward(INDArray[] inputs, INDArray outputError) {
                INDArray error = outputError;
                INDArray hidden = layout.rows(inputs[0]);
                if (bias) {
                    Matmul.columnSums(gradient(BIAS), error);
                }
                INDArray hiddenError = layout.fromRows(Matmul.times(error, false, inputs[1], false), inputs[0].size(0));
                return new INDArray[] {hiddenError, Matmul.times(error, true, hidden, false)};
            }
        };
    }

    public long getVocabulary() {
        return vocabulary;
    }

    public void setVocabulary(long vocabulary) {
        this.vocabulary = vocabulary;
    }

    public StepLayout getLayout() {
        return layout;
    }

    public void setLayout(StepLayout layout) {
        this.layout = layout;
    }

    public boolean isBias() {
        return bias;
    }

    public void setBias(boolean bias) {
        this.bias = bias;
    }
}
