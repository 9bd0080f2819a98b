package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * A dense projection applied to every time step: activation(x · W + b) from {@code size} to
 * {@code outSize} features, on recurrent {@code [batch, size, time]} or feed-forward input. The
 * two halves of a GELU/ReLU feed-forward block and BERT's MLM transform are built from it.
 * W is stored [in, out], the transpose of a PyTorch Linear weight.
 */
public class PerStepDense extends PerStepLayer {
    public static final String WEIGHT = "W";
    public static final String BIAS = "b";

    private long outSize;
    private boolean bias = true;
    private Nonlinearity activation = Nonlinearity.IDENTITY;
    private double initStd = 0.02;

    public PerStepDense() {
        super(0);
    }

    public PerStepDense(long outSize, boolean bias, Nonlinearity activation, double initStd) {
        super(0);
        this.outSize = outSize;
        this.bias = bias;
        this.activation = activation;
        this.initStd = initStd;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        // ND4J's mmul wants rank 2: time steps become rows, [b, d, t] -> [b*t, d] and back.
        SDVariable rows = isRecurrent() ? input.permute(0, 2, 1).reshape(-1, getSize()) : input;
        SDVariable out = rows.mmul(params.get(WEIGHT));
        if (bias) {
            out = out.add(params.get(BIAS));
        }
        out = activation.apply(sd, out);
        if (!isRecurrent()) {
            return out;
        }
        SDVariable batchAndTime = sd.gather(input.shape(), new int[] {0, 2}, 0);
        SDVariable shape = sd.concat(0, batchAndTime, sd.constant(Nd4j.createFromArray(new long[] {outSize})));
        return out.reshape(shape).permute(0, 2, 1);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(WEIGHT, getSize(), outSize);
        if (bias) {
            params.addBiasParam(BIAS, 1, outSize);
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray w = params.get(WEIGHT);
        if (initStd > 0) {
            w.assign(Nd4j.randn(w.dataType(), w.shape()).muli(initStd));
        } else {
            WeightInitUtil.initWeights(getSize(), outSize, w.shape(), WeightInit.XAVIER, null, 'c', w);
        }
        if (bias) {
            params.get(BIAS).assign(0);
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (inputType instanceof InputType.InputTypeRecurrent r) {
            return InputType.recurrent(outSize, r.getTimeSeriesLength());
        }
        return InputType.feedForward(outSize);
    }

    public long getOutSize() {
        return outSize;
    }

    public void setOutSize(long outSize) {
        this.outSize = outSize;
    }

    public boolean isBias() {
        return bias;
    }

    public void setBias(boolean bias) {
        this.bias = bias;
    }

    public Nonlinearity getActivation() {
        return activation;
    }

    public void setActivation(Nonlinearity activation) {
        this.activation = activation;
    }

    public double getInitStd() {
        return initStd;
    }

    public void setInitStd(double initStd) {
        this.initStd = initStd;
    }
}
