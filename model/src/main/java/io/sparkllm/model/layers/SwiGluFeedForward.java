package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * LLaMA's feed-forward block: down(silu(gate(x)) * up(x)), three bias-free projections (model
 * size d to hidden size h and back). On recurrent input {@code [batch, d, time]} every time step
 * is projected on its own, so the block keeps the input's shape. Parameters gate, up and down are
 * Hugging Face LlamaMLP's gate_proj, up_proj and down_proj, stored [in, out] (transposed). DL4J
 * parameter names can't hold an underscore: its parameter keys are "layer_name".
 */
public class SwiGluFeedForward extends PerStepLayer {
    public static final String GATE = "gate";
    public static final String UP = "up";
    public static final String DOWN = "down";

    private long hidden;

    public SwiGluFeedForward() {
        super(0);
    }

    public SwiGluFeedForward(long size, long hidden) {
        super(size);
        this.hidden = hidden;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        // ND4J's mmul wants rank 2: time steps become rows, [b, d, t] -> [b*t, d] and back.
        SDVariable rows = isRecurrent() ? input.permute(0, 2, 1).reshape(-1, getSize()) : input;
        SDVariable gate = sd.nn().swish(rows.mmul(params.get(GATE)));
        SDVariable out = gate.mul(rows.mmul(params.get(UP))).mmul(params.get(DOWN));
        if (!isRecurrent()) {
            return out;
        }
        SDVariable batchAndTime = sd.gather(input.shape(), new int[] {0, 2}, 0);
        SDVariable rowsShape = sd.concat(0, batchAndTime, sd.constant(Nd4j.createFromArray(new long[] {getSize()})));
        return out.reshape(rowsShape).permute(0, 2, 1);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(GATE, getSize(), hidden);
        params.addWeightParam(UP, getSize(), hidden);
        params.addWeightParam(DOWN, hidden, getSize());
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        for (Map.Entry<String, INDArray> p : params.entrySet()) {
            long fanIn = p.getValue().size(0);
            long fanOut = p.getValue().size(1);
            WeightInitUtil.initWeights(fanIn, fanOut, p.getValue().shape(), org.deeplearning4j.nn.weights.WeightInit.XAVIER,
                    null, 'c', p.getValue());
        }
    }

    public long getHidden() {
        return hidden;
    }

    public void setHidden(long hidden) {
        this.hidden = hidden;
    }
}
