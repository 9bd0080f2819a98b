package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * Rotary position embedding (RoFormer; LLaMA) applied to queries or keys laid out as recurrent
 * activations {@code [batch, heads × headSize, time]}. In Hugging Face's layout ("rotate half"),
 * feature i of a head pairs with feature i + headSize/2, and the pair at position p turns by
 * p · theta^(-2i / headSize). Dot products of rotated vectors then depend only on the distance
 * between positions. No parameters; the angles are built for whatever length arrives.
 */
public class RotaryEmbedding extends ExactGradientSameDiffLayer {
    private long heads;
    private long headSize;
    private double theta = 10000;

    public RotaryEmbedding() {
    }

    public RotaryEmbedding(long heads, long headSize) {
        this.heads = heads;
        this.headSize = headSize;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        SDVariable shape = input.shape();
        SDVariable batch = sd.gather(shape, new int[] {0}, 0);
        SDVariable time = sd.gather(shape, new int[] {2}, 0);
        SDVariable perHead = sd.concat(0, batch, sd.constant(Nd4j.createFromArray(heads, headSize)), time);
        // [batch, heads, headSize, time] against angles [headSize/2, time].
        SDVariable angles = Rotary.angles(sd, time, headSize, theta, input.dataType());
        SDVariable rotated = Rotary.rotate(sd, input.reshape(perHead), sd.math().cos(angles), sd.math().sin(angles), 4,
                2, headSize);
        return rotated.reshape(shape);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        // No parameters.
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (inputType.getType() != InputType.Type.RNN) {
            throw new IllegalArgumentException("RotaryEmbedding takes recurrent input [batch, features, time], got " + inputType);
        }
        long size = ((InputType.InputTypeRecurrent) inputType).getSize();
        if (heads * headSize != size || headSize % 2 != 0) {
            throw new IllegalArgumentException("RotaryEmbedding: " + heads + " heads x " + headSize
                    + " (even) must equal the input size " + size);
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    public long getHeads() {
        return heads;
    }

    public void setHeads(long heads) {
        this.heads = heads;
    }

    public long getHeadSize() {
        return headSize;
    }

    public void setHeadSize(long headSize) {
        this.headSize = headSize;
    }

    public double getTheta() {
        return theta;
    }

    public void setTheta(double theta) {
        this.theta = theta;
    }
}
