package io.sparkllm.model.layers;

import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Runtime of {@link SparseSoftmaxLoss}. DL4J asks an output layer for its gradient first and for
 * its score right after, on the same input, labels and mask: the loss found with the gradient is
 * kept and handed out then instead of being computed again.
 */
final class SparseSoftmaxLossRuntime extends AbstractLayer<SparseSoftmaxLoss> implements IOutputLayer {
    private INDArray labels;
    private double score;
    /** What the last gradient pass saw, and the loss it found. */
    private INDArray lossInput;
    private INDArray lossLabels;
    private INDArray lossMask;
    private double loss;

    SparseSoftmaxLossRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The label of each logit row. */
    private int[] rowLabels() {
        if (labels == null) {
            throw new IllegalStateException("SparseSoftmaxLoss: no labels set");
        }
        if (labels.length() != input.size(0)) {
            throw new IllegalArgumentException("SparseSoftmaxLoss: labels " + java.util.Arrays.toString(labels.shape())
                    + " do not give one id per logit row (" + input.size(0) + " rows): expected [batch, 1, time] ids");
        }
        return labels.reshape(labels.length()).toIntVector();
    }

    /** Each row's weight: its mask value, or 1 without a mask. */
    private double[] rowWeights() {
        long rows = input.size(0);
        if (maskArray == null) {
            double[] weights = new double[(int) rows];
            java.util.Arrays.fill(weights, 1);
            return weights;
        }
        if (maskArray.length() != rows) {
            throw new IllegalArgumentException("SparseSoftmaxLoss: mask " + java.util.Arrays.toString(maskArray.shape())
                    + " does not give one value per logit row (" + rows + " rows)");
        }
        return maskArray.reshape(rows).toDoubleVector();
    }

    /** DL4J averages a score over the examples, and its updater divides the summed gradients by their number. */
    private long examples() {
        return labels.size(0);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray gradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
        loss = SoftmaxCrossEntropy.lossAndGradient(input, rowLabels(), rowWeights(), gradient) / examples();
        lossInput = input;
        lossLabels = labels;
        lossMask = maskArray;
        return new Pair<>(new DefaultGradient(), gradient);
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        boolean seen = input == lossInput && labels == lossLabels && maskArray == lossMask;
        double value = seen ? loss : SoftmaxCrossEntropy.lossAndGradient(input, rowLabels(), rowWeights(), null) / examples();
        score = value + fullNetRegTerm;
        return score;
    }

    @Override
    public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr workspaceMgr) {
        int[] ids = rowLabels();
        double[] weights = rowWeights();
        double[] losses = SoftmaxCrossEntropy.rowLosses(input, ids, weights);
        int batch = (int) examples();
        int steps = ids.length / batch;
        double[] perExample = new double[batch];
        for (int r = 0; r < ids.length; r++) {
            perExample[r / steps] += losses[r] * weights[r];
        }
        INDArray scores = Nd4j.createFromArray(perExample).addi(fullNetRegTerm).reshape(batch, 1).castTo(dataType);
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, scores);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray probabilities = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
        Nd4j.exec(new SoftMax(input, probabilities, 1));
        return probabilities;
    }

    @Override
    public double score() {
        return score;
    }

    @Override
    public void clear() {
        super.clear();
        labels = null;
        lossInput = null;
        lossLabels = null;
        lossMask = null;
    }

    @Override
    public boolean needsLabels() {
        return true;
    }

    @Override
    public void setLabels(INDArray labels) {
        this.labels = labels;
    }

    @Override
    public INDArray getLabels() {
        return labels;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
    }

    @Override
    public LayerHelper getHelper() {
        return null;
    }

    @Override
    public int numLabels() {
        return input == null ? 0 : (int) input.size(1);
    }

    private static UnsupportedOperationException trainedInTheGraph() {
        return new UnsupportedOperationException("SparseSoftmaxLoss is trained and evaluated through its ComputationGraph");
    }

    @Override
    public double f1Score(DataSet data) {
        throw trainedInTheGraph();
    }

    @Override
    public double f1Score(INDArray examples, INDArray labels) {
        throw trainedInTheGraph();
    }

    @Override
    public void fit(DataSetIterator iter) {
        throw trainedInTheGraph();
    }

    @Override
    public int[] predict(INDArray examples) {
        throw trainedInTheGraph();
    }

    @Override
    public List<String> predict(DataSet dataSet) {
        throw trainedInTheGraph();
    }

    @Override
    public void fit(INDArray examples, INDArray labels) {
        throw trainedInTheGraph();
    }

    @Override
    public void fit(DataSet data) {
        throw trainedInTheGraph();
    }

    @Override
    public void fit(INDArray examples, int[] labels) {
        throw trainedInTheGraph();
    }
}
