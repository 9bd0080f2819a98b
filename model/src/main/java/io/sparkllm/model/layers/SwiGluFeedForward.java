package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * LLaMA's feed-forward block: down(silu(gate(x)) * up(x)), three bias-free projections (model
 * size d to hidden size h and back). On recurrent input every time step is projected on its own,
 * so the block keeps the input's shape; forward and backward are written out in ND4J ops. Parameters gate, up and down are
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

    private record Pass(long batch, INDArray rows, INDArray gate, Nonlinearity.Activated gated, INDArray up, INDArray hidden,
                        INDArray out) {
    }

    @Override
    protected NdLayerRuntime<?> runtime(NeuralNetConfiguration conf, DataType dataType) {
        return new NdLayerRuntime<Pass>(conf, dataType) {
            @Override
            protected Pass forward(INDArray input, INDArray mask, boolean training) {
                INDArray rows = getLayout().rows(input);
                INDArray gate = Matmul.times(rows, false, param(GATE), false);
                INDArray up = Matmul.times(rows, false, param(UP), false);
                Nonlinearity.Activated gated = Nonlinearity.SILU.forward(gate);
                INDArray hidden = gated.out().mul(up);
                return new Pass(input.size(0), rows, gate, gated, up, hidden, Matmul.times(hidden, false, param(DOWN), false));
            }

            @Override
            protected INDArray output(Pass pass) {
                return getLayout().fromRows(pass.out(), pass.batch());
            }

            @Override
            protected INDArray backward(Pass pass, INDArray outputError) {
                INDArray error = getLayout().rows(outputError);
                Matmul.into(gradient(DOWN), pass.hidden(), true, error, false);
                INDArray hiddenError = Matmul.times(error, false, param(DOWN), true);
                INDArray upError = pass.gated().out().mul(hiddenError);
                INDArray gateError = Nonlinearity.SILU.backward(pass.gate(), pass.gated().kept(), hiddenError.muli(pass.up()));
                Matmul.into(gradient(UP), pass.rows(), true, upError, false);
                Matmul.into(gradient(GATE), pass.rows(), true, gateError, false);
                INDArray inputError = Matmul.times(upError, false, param(UP), true)
                        .addi(Matmul.times(gateError, false, param(GATE), true));
                return getLayout().fromRows(inputError, pass.batch());
            }
        };
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
