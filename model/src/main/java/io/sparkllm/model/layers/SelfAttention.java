package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * Multi-head self-attention over recurrent activations {@code [batch, d, time]}, with the masks
 * and position schemes the model zoo needs in one layer: causal (GPT, GPT-2, BLOOM, LLaMA) or
 * not (BERT), padding from the network's mask array (padded keys get no attention), rotary
 * embeddings on queries and keys (LLaMA) or ALiBi biases on the scores (BLOOM), and projections
 * with or without biases. Output projection included; residuals and norms live outside.
 */
public class SelfAttention extends ExactGradientSameDiffLayer {
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
    private boolean causal = true;
    private boolean projectionBias;
    private Positions positions = Positions.NONE;
    private double ropeTheta = 10000;

    public SelfAttention() {
    }

    public SelfAttention(int heads, boolean causal, Positions positions, boolean projectionBias) {
        this.heads = heads;
        this.causal = causal;
        this.positions = positions;
        this.projectionBias = projectionBias;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        long headSize = size / heads;
        SDVariable shape = input.shape();
        SDVariable batch = sd.gather(shape, new int[] {0}, 0);
        SDVariable time = sd.gather(shape, new int[] {2}, 0);
        // Time steps become rows for the weight matmuls: [b, d, t] -> [b*t, d].
        SDVariable rows = input.permute(0, 2, 1).reshape(-1, size);
        SDVariable perHead = sd.concat(0, batch, time, sd.constant(Nd4j.createFromArray((long) heads, headSize)));
        SDVariable q = heads(project(rows, params, QUERY), perHead);
        SDVariable k = heads(project(rows, params, KEY), perHead);
        SDVariable v = heads(project(rows, params, VALUE), perHead);
        if (positions == Positions.ROTARY) {
            // q, k are [b, h, t, headSize]; angles [headSize/2, t] turned to [t, headSize/2].
            SDVariable angles = Rotary.angles(sd, time, headSize, ropeTheta, input.dataType()).permute(1, 0);
            SDVariable cos = sd.math().cos(angles);
            SDVariable sin = sd.math().sin(angles);
            q = Rotary.rotate(sd, q, cos, sin, 4, 3, headSize);
            k = Rotary.rotate(sd, k, cos, sin, 4, 3, headSize);
        }
        SDVariable scores = sd.linalg().matmul(q, k.permute(0, 1, 3, 2)).mul(1.0 / Math.sqrt(headSize));
        // distance[i, j] = j - i: how far key j lies after query i. Built only when used: an unused
        // branch would dangle in the graph, and SameDiff then takes it for a second loss.
        SDVariable distance = null;
        if (causal || positions == Positions.ALIBI) {
            SDVariable along = sd.range(sd.constant(0L), time.reshape(), sd.constant(1L), input.dataType());
            distance = along.reshape(1, -1).sub(along.reshape(-1, 1));
        }
        if (positions == Positions.ALIBI) {
            scores = scores.add(sd.constant(alibiSlopes(heads, input.dataType())).reshape(1, heads, 1, 1).mul(distance));
        }
        if (causal) {
            scores = scores.add(sd.math().step(distance, 0.5).mul(MASKED));
        }
        if (mask != null) {
            // mask [b, t], 1 for real steps: padded keys are shut out for every query.
            SDVariable keys = mask.castTo(input.dataType()).reshape(sd.concat(0, batch,
                    sd.constant(Nd4j.createFromArray(1L, 1L)), time));
            scores = scores.add(keys.rsub(1.0).mul(MASKED));
        }
        SDVariable attended = sd.linalg().matmul(sd.nn().softmax(scores, 3), v);
        // [b, h, t, headSize] -> [b, t, h, headSize] -> [b*t, d] -> out projection -> [b, d, t].
        SDVariable merged = attended.permute(0, 2, 1, 3).reshape(-1, size);
        SDVariable out = project(merged, params, OUT);
        return out.reshape(sd.concat(0, batch, time, sd.constant(Nd4j.createFromArray(size)))).permute(0, 2, 1);
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

    private SDVariable project(SDVariable rows, Map<String, SDVariable> params, String name) {
        SDVariable out = rows.mmul(params.get(name));
        return projectionBias ? out.add(params.get(name + "b")) : out;
    }

    /** [b*t, d] -> [b, h, t, headSize]. */
    private static SDVariable heads(SDVariable rows, SDVariable perHead) {
        return rows.reshape(perHead).permute(0, 2, 1, 3);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        for (String name : new String[] {QUERY, KEY, VALUE, OUT}) {
            params.addWeightParam(name, size, size);
            if (projectionBias) {
                params.addBiasParam(name + "b", 1, size);
            }
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        initializeProjections(params, size);
    }

    /** Xavier for the [size, size] projections, zeros for their biases (names ending in "b"). */
    static void initializeProjections(Map<String, INDArray> params, long size) {
        for (Map.Entry<String, INDArray> p : params.entrySet()) {
            if (p.getKey().endsWith("b")) {
                p.getValue().assign(0);
            } else {
                WeightInitUtil.initWeights(size, size, p.getValue().shape(), WeightInit.XAVIER, null, 'c', p.getValue());
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
        if (size == 0 || override) {
            size = ((InputType.InputTypeRecurrent) inputType).getSize();
        }
        if (heads < 1 || size % heads != 0 || (positions == Positions.ROTARY && (size / heads) % 2 != 0)) {
            throw new IllegalArgumentException("SelfAttention: size " + size + " must split into " + heads
                    + " heads" + (positions == Positions.ROTARY ? " of even size (rotary)" : ""));
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

    public double getRopeTheta() {
        return ropeTheta;
    }

    public void setRopeTheta(double ropeTheta) {
        this.ropeTheta = ropeTheta;
    }
}
