package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;

/**
 * Token ids to vectors: looks the ids up in a {@link WeightTable} (its second input, so the head
 * can share the table), scales them, and adds position vectors (learned as in GPT and BERT, or
 * the fixed sinusoids of the original Transformer) and, for BERT, segment vectors looked up from
 * ids given as a third input. Ids come as recurrent input {@code [batch, 1, time]} (or
 * {@code [batch, time]}); the output is recurrent in the configured {@link StepLayout}:
 * {@code [batch, size, time]} by default, {@code [batch, time, size]} (rows, no permute) in the zoo.
 */
public class TokenEmbedding extends NdVertex {
    public static final String POSITIONS = "pos";
    public static final String SEGMENTS = "seg";

    /** How positions enter at the embedding: not at all (rotary, ALiBi), learned, or sinusoidal. */
    public enum Positions { NONE, LEARNED, SINUSOIDAL }

    private long size;
    private Positions positions = Positions.NONE;
    private int maxPositions;
    private int segmentTypes;
    private double scale = 1;
    private double initStd = 0.02;
    private StepLayout layout = StepLayout.FEATURES_FIRST;

    public TokenEmbedding() {
    }

    public TokenEmbedding(long size, Positions positions, int maxPositions, int segmentTypes, double scale, double initStd) {
        this.size = size;
        this.positions = positions;
        this.maxPositions = maxPositions;
        this.segmentTypes = segmentTypes;
        this.scale = scale;
        this.initStd = initStd;
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.clear();
        if (segmentTypes > 0) {
            params.defineInputs("tokens", "table", "segments");
            params.addWeightParam(SEGMENTS, segmentTypes, size);
        } else {
            params.defineInputs("tokens", "table");
        }
        if (positions == Positions.LEARNED) {
            params.addWeightParam(POSITIONS, maxPositions, size);
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        for (INDArray p : params.values()) {
            p.assign(Nd4j.randn(p.dataType(), p.shape()).muli(initStd));
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        InputType tokens = vertexInputs[0];
        long time = tokens instanceof InputType.InputTypeRecurrent r ? r.getTimeSeriesLength() : -1;
        return layout.type(size, InputType.recurrent(size, time));
    }

    @Override
    public TokenEmbedding clone() {
        TokenEmbedding copy = new TokenEmbedding(size, positions, maxPositions, segmentTypes, scale, initStd);
        copy.setLayout(layout);
        return withTrainingSettings(copy);
    }

    /** Sin at even features, cos at odd ones, frequencies 10000^(-2i/size) (Vaswani et al.). */
    public static INDArray sinusoids(int time, long size, DataType type) {
        double[][] table = new double[time][(int) size];
        for (int p = 0; p < time; p++) {
            for (int i = 0; i < size; i += 2) {
                double angle = p * Math.pow(10000, -(double) i / size);
                table[p][i] = Math.sin(angle);
                if (i + 1 < size) {
                    table[p][i + 1] = Math.cos(angle);
                }
            }
        }
        return Nd4j.createFromArray(table).castTo(type);
    }

    static int[] ids(INDArray tokens) {
        return tokens.reshape(tokens.length()).toIntVector();
    }

    @Override
    protected NdVertexRuntime runtime(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                      boolean initializeParams, DataType dataType) {
        return new NdVertexRuntime(this, graph, name, idx, paramsView, initializeParams, dataType) {
            @Override
            protected INDArray forward(INDArray[] inputs, boolean training) {
                long batch = inputs[0].size(0);
                int time = (int) (inputs[0].length() / batch);
                INDArray rows = Nd4j.pullRows(inputs[1], 1, ids(inputs[0]));
                if (scale != 1) {
                    rows.muli(scale);
                }
                if (segmentTypes > 0) {
                    rows.addi(Nd4j.pullRows(param(SEGMENTS), 1, ids(inputs[2])));
                }
                INDArray steps = rows.reshape(batch, time, size);
                if (positions != Positions.NONE) {
                    if (time > maxPositions && positions == Positions.LEARNED) {
                        throw new IllegalArgumentException("sequence of " + time + " tokens exceeds the model's "
                                + maxPositions + " learned positions");
                    }
                    INDArray table = positions == Positions.LEARNED
                            ? param(POSITIONS).get(NDArrayIndex.interval(0, time), NDArrayIndex.all())
                            : sinusoids(time, size, rows.dataType());
                    steps.addi(table.reshape(1, time, size));
                }
                return layout.fromRows(steps.reshape(batch * time, size), batch);
            }

            @Override
            protected INDArray[] backward(INDArray[] inputs, INDArray outputError) {
                long batch = inputs[0].size(0);
                int time = (int) (inputs[0].length() / batch);
                INDArray rows = layout.rows(outputError);
                if (positions == Positions.LEARNED) {
                    INDArray g = gradient(POSITIONS).assign(0);
                    // The sum over the batch: a column sum of [batch, time·size].
                    INDArray perStep = Nd4j.createUninitialized(rows.dataType(), 1, (long) time * size);
                    Matmul.columnSums(perStep, rows.reshape(batch, (long) time * size));
                    g.get(NDArrayIndex.interval(0, time), NDArrayIndex.all()).assign(perStep.reshape(time, size));
                }
                if (segmentTypes > 0) {
                    gradient(SEGMENTS).assign(RowScatter.sum(ids(inputs[2]), rows, segmentTypes));
                }
                INDArray table = RowScatter.sum(ids(inputs[0]), scale == 1 ? rows : rows.mul(scale), inputs[1].size(0));
                return segmentTypes > 0 ? new INDArray[] {null, table, null} : new INDArray[] {null, table};
            }
        };
    }

    public StepLayout getLayout() {
        return layout;
    }

    public void setLayout(StepLayout layout) {
        this.layout = layout;
    }

    public long getSize() {
        return size;
    }

    public void setSize(long size) {
        this.size = size;
    }

    public Positions getPositions() {
        return positions;
    }

    public void setPositions(Positions positions) {
        this.positions = positions;
    }

    public int getMaxPositions() {
        return maxPositions;
    }

    public void setMaxPositions(int maxPositions) {
        this.maxPositions = maxPositions;
    }

    public int getSegmentTypes() {
        return segmentTypes;
    }

    public void setSegmentTypes(int segmentTypes) {
        this.segmentTypes = segmentTypes;
    }

    public double getScale() {
        return scale;
    }

    public void setScale(double scale) {
        this.scale = scale;
    }

    public double getInitStd() {
        return initStd;
    }

    public void setInitStd(double initStd) {
        this.initStd = initStd;
    }
}
