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
 * as {@code [batch, size, time]}; logits leave as rows {@code [batch·time, vocab]} (row b·time + t
 * is step t of sequence b), the layout of the matmul itself and of {@link SparseSoftmaxLoss}, so
 * the largest array of the model is never permuted.
 */
public class LmHead extends NdVertex {
    public static final String BIAS = "b";

    private long vocabulary;
    private boolean bias;

    public LmHead() {
    }

    public LmHead(long vocabulary, boolean bias) {
        this.vocabulary = vocabulary;
        this.bias = bias;
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
        return InputType.feedForward(vocabulary);
    }

    @Override
    public LmHead clone() {
        return withTrainingSettings(new LmHead(vocabulary, bias));
    }

    /** [b, d, t] -> [b*t, d]. */
    static INDArray stepsAsRows(INDArray recurrent) {
        return recurrent.permute(0, 2, 1).dup('c').reshape(recurrent.size(0) * recurrent.size(2), recurrent.size(1));
    }

    /** [b*t, n] -> [b, n, t]. */
    static INDArray rowsAsSteps(INDArray rows, long batch) {
        return rows.reshape(batch, rows.size(0) / batch, rows.size(1)).permute(0, 2, 1).dup('c');
    }

    @Override
    protected NdVertexRuntime runtime(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                      boolean initializeParams, DataType dataType) {
        return new NdVertexRuntime(this, graph, name, idx, paramsView, initializeParams, dataType) {
            @Override
            protected INDArray forward(INDArray[] inputs, boolean training) {
                INDArray logits = Matmul.times(stepsAsRows(inputs[0]), false, inputs[1], true);
                if (bias) {
                    logits.addiRowVector(param(BIAS));
                }
                return logits;
            }

            @Override
            protected INDArray[] backward(INDArray[] inputs, INDArray outputError) {
                INDArray error = outputError;
                INDArray hidden = stepsAsRows(inputs[0]);
                if (bias) {
                    Matmul.columnSums(gradient(BIAS), error);
                }
                INDArray hiddenError = rowsAsSteps(Matmul.times(error, false, inputs[1], false), inputs[0].size(0));
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

    public boolean isBias() {
        return bias;
    }

    public void setBias(boolean bias) {
        this.bias = bias;
    }
}
