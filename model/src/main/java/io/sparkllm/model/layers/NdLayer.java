package io.sparkllm.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;

/**
 * A layer whose forward and backward passes are written directly in ND4J ops. It keeps
 * SameDiffLayer's configuration side (parameter shapes and initialisation, updater and
 * regularisation from the network, JSON form) and runs its own {@link NdLayerRuntime}: DL4J's
 * SameDiff runtime reruns the forward pass inside backprop and derives gradients through general
 * broadcast ops, which cost several times what the gradient written by hand does.
 */
public abstract class NdLayer extends SameDiffLayer {
    @Override
    public final SDVariable defineLayer(SameDiff sameDiff, SDVariable layerInput, Map<String, SDVariable> paramTable,
                                        SDVariable mask) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " runs in ND4J ops, not SameDiff");
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        NdLayerRuntime layer = runtime(conf, dataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    protected abstract NdLayerRuntime runtime(NeuralNetConfiguration conf, DataType dataType);
}
