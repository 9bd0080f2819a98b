package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Map;

/**
 * Encoder-decoder attention (Vaswani et al.): the decoder's steps query the encoder's output
 * (both recurrent, in the configured {@link StepLayout}), padded source steps shut out by the
 * source's mask. Projections with biases, output projection included; the decoder's mask carries
 * on. Parameters as in {@link SelfAttention}: wq, wk, wv, wo [in, out] and their biases.
 * Forward and backward are written out in ND4J ops: DL4J M2.1's SameDiff vertex runtime returned
 * different gradients on each repeated backward pass of the same batch.
 */
public class CrossAttention extends NdVertex {
    /** Added to the scores of padded source steps: exp() of it is 0 in float and double. */
    private static final double MASKED = -1e9;
    private static final String[] WEIGHTS = {SelfAttention.QUERY, SelfAttention.KEY, SelfAttention.VALUE, SelfAttention.OUT};

    private long size;
    private int heads;
    private StepLayout layout = StepLayout.FEATURES_FIRST;

    public CrossAttention() {
    }

    public CrossAttention(long size, int heads) {
        this(size, heads, StepLayout.FEATURES_FIRST);
    }

    public CrossAttention(long size, int heads, StepLayout layout) {
        this.size = size;
        this.heads = heads;
        this.layout = layout;
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.clear();
        params.defineInputs("queries", "memory");
        for (String name : WEIGHTS) {
            params.addWeightParam(name, size, size);
            params.addBiasParam(name + "b", 1, size);
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        SelfAttention.initializeProjections(params, size);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        layout.check(vertexInputs[0], "CrossAttention");
        layout.check(vertexInputs[1], "CrossAttention");
        return vertexInputs[0];
    }

    @Override
    public CrossAttention clone() {
        return withTrainingSettings(new CrossAttention(size, heads, layout));
    }

    @Override
    protected NdVertexRuntime runtime(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                      boolean initializeParams, DataType dataType) {
        return new NdVertexRuntime(this, graph, name, idx, paramsView, initializeParams, dataType) {
            /** Everything backward needs from the forward pass. */
            private record Pass(INDArray queryRows, INDArray memoryRows, INDArray q, INDArray k, INDArray v,
                                INDArray weights, INDArray mergedRows, INDArray out) {
            }

            private INDArray project(INDArray rows, String weight) {
                return Matmul.times(rows, false, param(weight), false).addiRowVector(param(weight + "b"));
            }

            /** [b*t, d] -> [b, heads, t, headSize]. */
            private INDArray split(INDArray rows, long batch) {
                return rows.reshape(batch, rows.size(0) / batch, heads, size / heads).permute(0, 2, 1, 3).dup('c');
            }

            /** [b, heads, t, headSize] -> [b*t, d]. */
            private INDArray merge(INDArray perHead) {
                return perHead.permute(0, 2, 1, 3).dup('c').reshape(perHead.size(0) * perHead.size(2), size);
            }

            private Pass pass(INDArray[] inputs) {
                long batch = inputs[0].size(0);
                INDArray queryRows = layout.rows(inputs[0]);
                INDArray memoryRows = layout.rows(inputs[1]);
                INDArray q = split(project(queryRows, SelfAttention.QUERY), batch);
                INDArray k = split(project(memoryRows, SelfAttention.KEY), batch);
                INDArray v = split(project(memoryRows, SelfAttention.VALUE), batch);
                INDArray scores = Nd4j.matmul(q, k, false, true, false).muli(1 / Math.sqrt(size / heads));
                INDArray memoryMask = maskArrays == null || maskArrays.length < 2 ? null : maskArrays[1];
                if (memoryMask != null) {
                    INDArray shut = memoryMask.castTo(scores.dataType()).rsub(1).muli(MASKED);
                    scores.addi(shut.reshape(batch, 1, 1, shut.size(1)).broadcast(scores.shape()));
                }
                INDArray weights = softmaxLastDimension(scores);
                INDArray mergedRows = merge(Nd4j.matmul(weights, v));
                INDArray out = project(mergedRows, SelfAttention.OUT);
                return new Pass(queryRows, memoryRows, q, k, v, weights, mergedRows, out);
            }

            @Override
            protected INDArray forward(INDArray[] inputs, boolean training) {
                return layout.fromRows(pass(inputs).out(), inputs[0].size(0));
            }

            @Override
            protected INDArray[] backward(INDArray[] inputs, INDArray outputError) {
                long batch = inputs[0].size(0);
                Pass p = pass(inputs);
                INDArray error = layout.rows(outputError);
                Matmul.into(gradient(SelfAttention.OUT), p.mergedRows(), true, error, false);
                Matmul.columnSums(gradient(SelfAttention.OUT + "b"), error);
                INDArray attendedError = split(Matmul.times(error, false, param(SelfAttention.OUT), true), batch);
                INDArray weightsError = Nd4j.matmul(attendedError, p.v(), false, true, false);
                INDArray valueError = Nd4j.matmul(p.weights(), attendedError, true, false, false);
                // Softmax backward: dS = P * (dP - sum(dP * P)) over each row of keys.
                INDArray rowDot = weightsError.mul(p.weights()).sum(true, 3);
                INDArray scoresError = weightsError.subi(rowDot.broadcast(weightsError.shape())).muli(p.weights())
                        .muli(1 / Math.sqrt(size / heads));
                INDArray queryError = merge(Nd4j.matmul(scoresError, p.k()));
                INDArray keyError = merge(Nd4j.matmul(scoresError, p.q(), true, false, false));
                INDArray valueRowsError = merge(valueError);
                Matmul.into(gradient(SelfAttention.QUERY), p.queryRows(), true, queryError, false);
                Matmul.columnSums(gradient(SelfAttention.QUERY + "b"), queryError);
                Matmul.into(gradient(SelfAttention.KEY), p.memoryRows(), true, keyError, false);
                Matmul.columnSums(gradient(SelfAttention.KEY + "b"), keyError);
                Matmul.into(gradient(SelfAttention.VALUE), p.memoryRows(), true, valueRowsError, false);
                Matmul.columnSums(gradient(SelfAttention.VALUE + "b"), valueRowsError);
                INDArray queriesInputError = Matmul.times(queryError, false, param(SelfAttention.QUERY), true);
                INDArray memoryInputError = Matmul.times(keyError, false, param(SelfAttention.KEY), true)
                        .addi(Matmul.times(valueRowsError, false, param(SelfAttention.VALUE), true));
                return new INDArray[] {layout.fromRows(queriesInputError, batch), layout.fromRows(memoryInputError, batch)};
            }
        };
    }

    /** Numerically stable softmax over the last dimension of a rank-4 array. */
    static INDArray softmaxLastDimension(INDArray x) {
        INDArray shifted = x.sub(x.max(true, 3).broadcast(x.shape()));
        INDArray exp = Transforms.exp(shifted, false);
        return exp.divi(exp.sum(true, 3).broadcast(exp.shape()));
    }

    public long getSize() {
        return size;
    }

    public void setSize(long size) {
        this.size = size;
    }

    public StepLayout getLayout() {
        return layout;
    }

    public void setLayout(StepLayout layout) {
        this.layout = layout;
    }

    public int getHeads() {
        return heads;
    }

    public void setHeads(int heads) {
        this.heads = heads;
    }
}
