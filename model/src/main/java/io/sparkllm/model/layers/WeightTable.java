package io.sparkllm.model.layers;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * A weight matrix {@code [rows, columns]} handed on as an activation, so that several vertices
 * can use one matrix: the token embedding table that the language-model head reuses (tied
 * embeddings, as in GPT-2, BLOOM and BERT). DL4J sums the errors its consumers send back, so the
 * matrix gets the sum of both uses' gradients, exactly what tying means. Its input (the token ids)
 * only gives it a place in the graph.
 */
public class WeightTable extends NdVertex {
    public static final String WEIGHT = "W";

    private long rows;
    private long columns;
    private double initStd = 0.02;

    public WeightTable() {
    }

    public WeightTable(long rows, long columns, double initStd) {
        this.rows = rows;
        this.columns = columns;
        this.initStd = initStd;
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.clear();
        params.defineInputs("anchor");
        params.addWeightParam(WEIGHT, rows, columns);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray w = params.get(WEIGHT);
        w.assign(Nd4j.randn(w.dataType(), w.shape()).muli(initStd));
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return InputType.feedForward(columns);
    }

    @Override
    public WeightTable clone() {
        return withTrainingSettings(new WeightTable(rows, columns, initStd));
    }

    @Override
    protected NdVertexRuntime runtime(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                      boolean initializeParams, DataType dataType) {
        return new NdVertexRuntime(this, graph, name, idx, paramsView, initializeParams, dataType) {
            @Override
            protected INDArray forward(INDArray[] inputs, boolean training) {
                return param(WEIGHT);
            }

            @Override
            protected INDArray[] backward(INDArray[] inputs, INDArray outputError) {
                gradient(WEIGHT).assign(outputError);
                return new INDArray[] {null};
            }

            @Override
            public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState state, int minibatch) {
                return new Pair<>(null, null);
            }
        };
    }

    public long getRows() {
        return rows;
    }

    public void setRows(long rows) {
        this.rows = rows;
    }

    public long getColumns() {
        return columns;
    }

    public void setColumns(long columns) {
        this.columns = columns;
    }

    public double getInitStd() {
        return initStd;
    }

    public void setInitStd(double initStd) {
        this.initStd = initStd;
    }
}
