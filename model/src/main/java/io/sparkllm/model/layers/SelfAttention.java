package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;

/**
 * Multi-head self-attention over recurrent activations ({@code [batch, d, time]} or
 * {@code [batch, time, d]}), with the masks and position schemes the model zoo needs in one
 * layer: causal (GPT, GPT-2, BLOOM, LLaMA) or not (BERT), padding from the network's mask array
 * (padded keys get no attention) or, where the mask holds document numbers (windows packed from
 * several documents), attention within each document only, rotary embeddings on queries and keys (LLaMA) or ALiBi biases
 * on the scores (BLOOM), and projections with or without biases. Output projection included;
 * residuals and norms live outside. Forward and backward are written out in ND4J ops.
 */
public class SelfAttention extends NdLayer {
    public static final String QUERY = "wq";
    public static final String KEY = "wk";
    public static final String VALUE = "wv";
    public static final String OUT = "wo";
    /** Added to the scores of masked positions: exp() of it is 0 in float and double. */
    private static final double MASKED = -1e9;

    /** How positions enter: none (absolute embeddings elsewhere), rotary or ALiBi. */
    public enum Positions { NONE, ROTARY, ALIBI }

    private long size;
    private int heads;
    /** Key/value heads, each shared by heads / kvHeads query heads (grouped-query attention); 0: one per query head. */
    private int kvHeads;
    private boolean causal = true;
    private boolean projectionBias;
    private Positions positions = Positions.NONE;
    private double ropeTheta = 10000;
    private StepLayout layout = StepLayout.FEATURES_FIRST;

    public SelfAttention() {
    }

    public SelfAttention(int heads, boolean causal, Positions positions, boolean projectionBias) {
        this.heads = heads;
        this.causal = causal;
        this.positions = positions;
        this.projectionBias = projectionBias;
    }

    /** Everything backward needs from the forward pass; q is rotated (if rotary) and scaled by 1/sqrt(headSize). */
    private record Pass(long batch, INDArray rows, INDArray q, INDArray k, INDArray v, INDArray weights,
                        INDArray mergedRows, INDArray out, RotaryTables rotary) {
    }

    /** The input projections, computed side by side as one matmul. */
    private static final String[] QKV = {QUERY, KEY, VALUE};

    /** Key/value heads in use: one per query head unless grouped. */
    int keyValueHeads() {
        return kvHeads > 0 ? kvHeads : heads;
    }

    /** Width of the key and of the value projection. */
    long keyValueSize() {
        return size / heads * keyValueHeads();
    }

    /** Columns of q, k and v in the side-by-side projection: [0, size), then two of keyValueSize. */
    private long[] projectionStarts() {
        return new long[] {0, size, size + keyValueSize(), size + 2 * keyValueSize()};
    }

    @Override
    protected NdLayerRuntime<?> runtime(NeuralNetConfiguration conf, DataType dataType) {
        return new NdLayerRuntime<Pass>(conf, dataType) {
            /** The position-dependent score biases (causal shut-out, ALiBi) and rotary tables of the last length seen. */
            private INDArray positional;
            private RotaryTables rotary;

            private INDArray project(INDArray rows, String weight) {
                INDArray out = Matmul.times(rows, false, param(weight), false);
                return projectionBias ? out.addiRowVector(param(weight + "b")) : out;
            }

            /** [wq | wk | wv], [size, size + 2·kvSize]: a copy, small beside the activations it multiplies. */
            private INDArray inputWeights() {
                return Nd4j.concat(1, param(QUERY), param(KEY), param(VALUE));
            }

            @Override
            protected Pass forward(INDArray input, INDArray mask, boolean training) {
                long batch = input.size(0);
                long time = getLayout().time(input);
                INDArray rows = getLayout().rows(input);
                INDArray qkv = Matmul.times(rows, false, inputWeights(), false);
                if (projectionBias) {
                    qkv.addiRowVector(Nd4j.concat(1, param(QUERY + "b"), param(KEY + "b"), param(VALUE + "b")));
                }
                INDArray q;
                INDArray k;
                INDArray v;
                if (keyValueHeads() == heads) {
                    INDArray stacked = AttentionHeads.splitStacked(qkv, batch, 3, heads);
                    q = stacked.slice(0);
                    k = stacked.slice(1);
                    v = stacked.slice(2);
                } else {
                    q = AttentionHeads.split(qkv.get(NDArrayIndex.all(), NDArrayIndex.interval(0, size)).dup('c'), batch, heads);
                    INDArray stacked = AttentionHeads.splitStacked(qkv.get(NDArrayIndex.all(),
                            NDArrayIndex.interval(size, size + 2 * keyValueSize())).dup('c'), batch, 2, keyValueHeads());
                    k = stacked.slice(0);
                    v = stacked.slice(1);
                }
                RotaryTables tables = positions == Positions.ROTARY ? rotary(time, input.dataType()) : null;
                if (tables != null) {
                    q = tables.rotate(q);
                    k = tables.rotate(k);
                }
                k = AttentionHeads.repeatHeads(k, heads);
                v = AttentionHeads.repeatHeads(v, heads);
                q.muli(1 / Math.sqrt(size / heads));
                INDArray scores = Nd4j.matmul(q, k, false, true, false);
                addBiases(scores, mask, time);
                INDArray weights = AttentionHeads.softmaxInPlace(scores);
                INDArray mergedRows = AttentionHeads.merge(Nd4j.matmul(weights, v));
                return new Pass(batch, rows, q, k, v, weights, mergedRows, project(mergedRows, OUT), tables);
            }

            private RotaryTables rotary(long time, DataType type) {
                if (rotary == null || rotary.time() != time || rotary.cos().dataType() != type) {
                    // Kept across passes, so outside the workspaces, which are reset every pass.
                    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                        rotary = RotaryTables.of(time, size / heads, ropeTheta, type);
                    }
                }
                return rotary;
            }

            /** Adds the causal shut-out and ALiBi biases ([time, time], per head for ALiBi) and shuts out padded keys. */
            private void addBiases(INDArray scores, INDArray mask, long time) {
                if (causal || positions == Positions.ALIBI) {
                    if (positional == null || positional.size(-1) != time || positional.dataType() != scores.dataType()) {
                        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                            positional = positionalBias((int) time, scores.dataType());
                        }
                    }
                    int[] dims = positional.rank() == 3 ? new int[] {1, 2, 3} : new int[] {2, 3};
                    Nd4j.exec(new BroadcastAddOp(scores, positional, scores, dims));
                }
                if (mask != null) {
                    if (mask.maxNumber().doubleValue() > 1) {
                        // Document numbers: a query sees keys of its own document only (padding is 0).
                        Nd4j.exec(new BroadcastAddOp(scores, documentBias(mask, scores.dataType()), scores, 0, 2, 3));
                    } else {
                        // mask [b, t], 1 for real steps: padded keys are shut out for every query.
                        INDArray shut = mask.castTo(scores.dataType()).rsub(1).muli(MASKED);
                        Nd4j.exec(new BroadcastAddOp(scores, shut, scores, 0, 3));
                    }
                }
            }

            @Override
            protected INDArray output(Pass pass) {
                return getLayout().fromRows(pass.out(), pass.batch());
            }

            @Override
            protected INDArray backward(Pass pass, INDArray outputError) {
                INDArray error = getLayout().rows(outputError);
                INDArray attendedError = AttentionHeads.split(projectBackward(pass.mergedRows(), error, OUT), pass.batch(), heads);
                // The errors of q, k and v side by side, as the forward pass computed them.
                INDArray v = pass.v();
                INDArray stacked = Nd4j.createUninitialized(v.dataType(), 3, v.size(0), v.size(1), v.size(2), v.size(3));
                INDArray weightsError = Nd4j.matmul(attendedError, v, false, true, false);
                Nd4j.matmul(pass.weights(), attendedError, stacked.slice(2), true, false, false);
                INDArray scoresError = AttentionHeads.softmaxBackwardInPlace(pass.weights(), weightsError);
                // q was scaled before the scores: the scale comes back on its error; k's error uses the scaled q.
                Nd4j.matmul(scoresError, pass.k(), stacked.slice(0), false, false, false).muli(1 / Math.sqrt(size / heads));
                Nd4j.matmul(scoresError, pass.q(), stacked.slice(1), true, false, false);
                if (pass.rotary() != null) {
                    stacked.slice(0).assign(pass.rotary().rotateBackward(stacked.slice(0)));
                    stacked.slice(1).assign(pass.rotary().rotateBackward(stacked.slice(1)));
                }
                INDArray qkvError;
                if (keyValueHeads() == heads) {
                    qkvError = AttentionHeads.mergeStacked(stacked);
                } else {
                    // Each key/value head served a group of query heads: its error is the group's sum.
                    INDArray kvError = Nd4j.createUninitialized(v.dataType(), 2, v.size(0), keyValueHeads(), v.size(2), v.size(3));
                    kvError.slice(0).assign(AttentionHeads.sumRepeatedHeads(stacked.slice(1), keyValueHeads()));
                    kvError.slice(1).assign(AttentionHeads.sumRepeatedHeads(stacked.slice(2), keyValueHeads()));
                    qkvError = Nd4j.concat(1, AttentionHeads.merge(stacked.slice(0)), AttentionHeads.mergeStacked(kvError));
                }
                long[] starts = projectionStarts();
                INDArray weightsGradient = Matmul.times(pass.rows(), true, qkvError, false);
                INDArray biasGradient = projectionBias ? Nd4j.createUninitialized(qkvError.dataType(), 1, starts[3]) : null;
                if (biasGradient != null) {
                    Matmul.columnSums(biasGradient, qkvError);
                }
                for (int i = 0; i < QKV.length; i++) {
                    gradient(QKV[i]).assign(weightsGradient.get(NDArrayIndex.all(), NDArrayIndex.interval(starts[i], starts[i + 1])));
                    if (biasGradient != null) {
                        gradient(QKV[i] + "b").assign(biasGradient.get(NDArrayIndex.all(), NDArrayIndex.interval(starts[i], starts[i + 1])));
                    }
                }
                INDArray inputError = Matmul.times(qkvError, false, inputWeights(), true);
                return getLayout().fromRows(inputError, pass.batch());
            }

            /** Gradients of a projection rows · W (+ b) from its output error; returns the error at its input rows. */
            private INDArray projectBackward(INDArray rows, INDArray error, String weight) {
                Matmul.into(gradient(weight), rows, true, error, false);
                if (projectionBias) {
                    Matmul.columnSums(gradient(weight + "b"), error);
                }
                return Matmul.times(error, false, param(weight), true);
            }
        };
    }

    /**
     * Score biases [batch, time, time] for a mask of document numbers ([batch, time], 0 for
     * padding): MASKED where query i and key j lie in different documents, so packed documents
     * never attend to each other.
     */
    static INDArray documentBias(INDArray mask, DataType type) {
        float[][] documents = mask.castTo(DataType.FLOAT).toFloatMatrix();
        int time = documents[0].length;
        float[] bias = new float[documents.length * time * time];
        for (int b = 0; b < documents.length; b++) {
            for (int i = 0; i < time; i++) {
                for (int j = 0; j < time; j++) {
                    if (documents[b][i] != documents[b][j]) {
                        bias[(b * time + i) * time + j] = (float) MASKED;
                    }
                }
            }
        }
        return Nd4j.create(bias, new long[] {documents.length, time, time}, 'c').castTo(type);
    }

    /**
     * Score biases by query i and key j: MASKED where j &gt; i (causal) plus slope_h · (j - i)
     * (ALiBi, one [time, time] block per head); [time, time] without ALiBi.
     */
    INDArray positionalBias(int time, DataType type) {
        double[] slopes = positions == Positions.ALIBI ? alibiSlopes(heads, DataType.DOUBLE).toDoubleVector() : new double[] {0};
        double[][][] bias = new double[slopes.length][time][time];
        for (int h = 0; h < slopes.length; h++) {
            for (int i = 0; i < time; i++) {
                for (int j = 0; j < time; j++) {
                    bias[h][i][j] = slopes[h] * (j - i) + (causal && j > i ? MASKED : 0);
                }
            }
        }
        INDArray out = Nd4j.createFromArray(bias).castTo(type);
        return slopes.length == 1 ? out.reshape(time, time) : out;
    }

    /** ALiBi's head slopes for a power-of-two head count and the interleaved extension beyond it (Press et al.). */
    public static INDArray alibiSlopes(int heads, DataType type) {
        int closest = Integer.highestOneBit(heads);
        double[] slopes = new double[heads];
        double base = Math.pow(2, -8.0 / closest);
        for (int i = 0; i < closest; i++) {
            slopes[i] = Math.pow(base, i + 1);
        }
        double extraBase = Math.pow(2, -4.0 / closest);
        for (int i = 0; i < heads - closest; i++) {
            slopes[closest + i] = Math.pow(extraBase, 2 * i + 1);
        }
        return Nd4j.createFromArray(slopes).castTo(type);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        for (String name : new String[] {QUERY, KEY, VALUE, OUT}) {
            long width = name.equals(KEY) || name.equals(VALUE) ? keyValueSize() : size;
            params.addWeightParam(name, size, width);
            if (projectionBias) {
                params.addBiasParam(name + "b", 1, width);
            }
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        initializeProjections(params, size);
    }

    /** Xavier for the [in, out] projections, zeros for their biases (names ending in "b"). */
    static void initializeProjections(Map<String, INDArray> params, long size) {
        for (Map.Entry<String, INDArray> p : params.entrySet()) {
            if (p.getKey().endsWith("b")) {
                p.getValue().assign(0);
            } else {
                long[] shape = p.getValue().shape();
                WeightInitUtil.initWeights(shape[0], shape[1], shape, WeightInit.XAVIER, null, 'c', p.getValue());
            }
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (inputType.getType() != InputType.Type.RNN) {
            throw new IllegalArgumentException("SelfAttention takes recurrent input [batch, features, time], got " + inputType);
        }
        layout = StepLayout.of(inputType);
        if (size == 0 || override) {
            size = ((InputType.InputTypeRecurrent) inputType).getSize();
        }
        if (heads < 1 || size % heads != 0 || (positions == Positions.ROTARY && (size / heads) % 2 != 0)) {
            throw new IllegalArgumentException("SelfAttention: size " + size + " must split into " + heads
                    + " heads" + (positions == Positions.ROTARY ? " of even size (rotary)" : ""));
        }
        if (heads % keyValueHeads() != 0) {
            throw new IllegalArgumentException("SelfAttention: " + keyValueHeads() + " key/value heads must divide " + heads
                    + " query heads");
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    public long getSize() {
        return size;
    }

    public void setSize(long size) {
        this.size = size;
    }

    public int getHeads() {
        return heads;
    }

    public int getKvHeads() {
        return kvHeads;
    }

    public void setKvHeads(int kvHeads) {
        this.kvHeads = kvHeads;
    }

    public void setHeads(int heads) {
        this.heads = heads;
    }

    public boolean isCausal() {
        return causal;
    }

    public void setCausal(boolean causal) {
        this.causal = causal;
    }

    public boolean isProjectionBias() {
        return projectionBias;
    }

    public void setProjectionBias(boolean projectionBias) {
        this.projectionBias = projectionBias;
    }

    public Positions getPositions() {
        return positions;
    }

    public void setPositions(Positions positions) {
        this.positions = positions;
    }

    public StepLayout getLayout() {
        return layout;
    }

    public void setLayout(StepLayout layout) {
        this.layout = layout;
    }

    public double getRopeTheta() {
        return ropeTheta;
    }

    public void setRopeTheta(double ropeTheta) {
        this.ropeTheta = ropeTheta;
    }
}
