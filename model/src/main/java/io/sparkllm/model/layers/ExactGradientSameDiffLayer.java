package io.sparkllm.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;

/**
 * Base class for sparkllm's SameDiff layers. DL4J 1.0.0-M2.1's SameDiff layer runtime returns
 * twice the true gradient, for the layer's parameters and for its input alike (the incoming
 * error is counted twice by ND4J's external-errors op). {@link SameDiffGradientScaleTest} shows
 * it on a one-parameter layer. Backprop is linear in the incoming error, so halving that error
 * gives exact gradients; every subclass is held to DL4J's finite-difference gradient check.
 */
public abstract class ExactGradientSameDiffLayer extends SameDiffLayer {
    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        Runtime layer = new Runtime(conf, dataType);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        Map<String, INDArray> params = initializer().init(conf, paramsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    /** DL4J's SameDiff layer runtime with the incoming error halved. */
    static final class Runtime extends org.deeplearning4j.nn.layers.samediff.SameDiffLayer {
        Runtime(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            return super.backpropGradient(epsilon.mul(0.5), workspaceMgr);
        }
    }
}
