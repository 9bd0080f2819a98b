package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * A dense projection applied to every time step: activation(x · W + b) from {@code size} to
 * {@code outSize} features, on recurrent or feed-forward input. The two halves of a GELU/ReLU
 * feed-forward block and BERT's MLM transform are built from it. W is stored [in, out], the
 * transpose of a PyTorch Linear weight. Forward and backward are written out in ND4J ops.
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

    private record Pass(long batch, INDArray rows, INDArray preActivation, Nonlinearity.Activated activated) {
    }

    @Override
    protected NdLayerRuntime<?> runtime(NeuralNetConfiguration conf, DataType dataType) {
        return new NdLayerRuntime<Pass>(conf, dataType) {
            @Override
            protected Pass forward(INDArray input, INDArray mask, boolean training) {
                INDArray rows = getLayout().rows(input);
                INDArray z = Matmul.times(rows, false, param(WEIGHT), false);
                // The bias add goes with the activation: the GELU kernel does both in one pass.
                return new Pass(input.size(0), rows, z, activation.forward(z, bias ? param(BIAS) : null));
            }

            @Override
            protected INDArray output(Pass pass) {
                return getLayout().fromRows(pass.activated().out(), pass.batch());
            }

            @Override
            protected INDArray backward(Pass pass, INDArray outputError) {
                INDArray error = activation.backward(pass.preActivation(), pass.activated().kept(), getLayout().rows(outputError));
                Matmul.into(gradient(WEIGHT), pass.rows(), true, error, false);
                if (bias) {
                    Matmul.columnSums(gradient(BIAS), error);
                }
                return getLayout().fromRows(Matmul.times(error, false, param(WEIGHT), true), pass.batch());
            }
        };
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
        return StepLayout.of(inputType).type(outSize, inputType);
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
