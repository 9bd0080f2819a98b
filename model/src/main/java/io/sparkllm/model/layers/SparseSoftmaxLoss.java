package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * Output layer: softmax cross-entropy of logit rows {@code [batch·time, vocab]} (as {@link LmHead}
 * gives them) against integer labels {@code [batch, 1, time]} or {@code [batch, time]}, with an
 * optional {@code [batch, time]} label mask. Row r is step r mod time of sequence r / time.
 * The score is DL4J's for a recurrent loss layer: the masked sum over steps, averaged over the
 * batch (so a per-token loss is score / time). Its activations are the softmax probabilities.
 * DL4J's own loss layers turn sparse labels into one-hot arrays and compute the softmax once for
 * the gradient and again for the score; this layer does one log-softmax pass for both.
 */
public class SparseSoftmaxLoss extends NoParamLayer {
    public SparseSoftmaxLoss() {
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                       int layerIndex, INDArray paramsView, boolean initializeParams,
                                                       DataType dataType) {
        SparseSoftmaxLossRuntime layer = new SparseSoftmaxLossRuntime(conf, dataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        return layer;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return new LayerMemoryReport.Builder(layerName, SparseSoftmaxLoss.class, inputType, inputType)
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }
}
