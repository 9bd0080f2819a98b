package io.sparkllm.model.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The small double-precision networks, labels and finite-difference checks that the layer tests
 * share: a layer between a tanh dense layer and a softmax output, or before a per-step softmax.
 */
final class GradientCheckNets {
    static final int CLASSES = 3;

    private GradientCheckNets() {
    }

    /**
     * {@code first}, then the tested {@code layer}, then a softmax over 3 classes (per step on
     * sequences): a layer before the tested one checks its input error through its parameters.
     */
    static MultiLayerNetwork between(Layer first, Layer layer, InputType input, long seed) {
        boolean recurrent = input.getType() == InputType.Type.RNN;
        MultiLayerConfiguration conf = builder(seed)
                .layer(first)
                .layer(layer)
                .layer(recurrent ? rnnOutput() : new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(input)
                .build();
        return initialised(conf);
    }

    /** A tanh dense layer of {@code units}, the usual {@code first} of {@link #between}. */
    static DenseLayer tanhDense(int units) {
        return new DenseLayer.Builder().nOut(units).activation(Activation.TANH).build();
    }

    /** {@code layer} then a per-step softmax over 3 classes, on sequences [batch, width, time]. */
    static MultiLayerNetwork beforeStepSoftmax(Layer layer, int width, int time, long seed) {
        return initialised(builder(seed).layer(layer).layer(rnnOutput()).setInputType(InputType.recurrent(width, time)).build());
    }

    /** One-hot labels [rows, 3]: row i is class i mod 3. */
    static INDArray rowLabels(int rows) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, rows, CLASSES);
        for (int i = 0; i < rows; i++) {
            labels.putScalar(i, i % CLASSES, 1.0);
        }
        return labels;
    }

    /** One-hot labels [batch, 3, time]: step t of example b is class (b + t) mod 3. */
    static INDArray stepLabels(int batch, int time) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, batch, CLASSES, time);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                labels.putScalar(new int[] {b, (b + t) % CLASSES, t}, 1.0);
            }
        }
        return labels;
    }

    /** Whether every parameter's backprop gradient matches central differences (epsilon 1e-6). */
    static boolean gradientsMatch(MultiLayerNetwork net, INDArray input, INDArray labels, double maxRelError,
                                  double minAbsoluteError) {
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input).labels(labels)
                .epsilon(1e-6).maxRelError(maxRelError).minAbsoluteError(minAbsoluteError));
    }

    private static NeuralNetConfiguration.ListBuilder builder(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .list();
    }

    private static RnnOutputLayer rnnOutput() {
        return new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES).activation(Activation.SOFTMAX).build();
    }

    private static MultiLayerNetwork initialised(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
