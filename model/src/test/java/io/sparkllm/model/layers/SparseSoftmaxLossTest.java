package io.sparkllm.model.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SparseSoftmaxLossTest {
    private static final int BATCH = 3;
    private static final int TIME = 4;
    private static final int CLASSES = 5;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /** Rows [batch·time, 6] through a dense layer to logits, then the loss. */
    private static ComputationGraph graph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                .updater(new NoOp()).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("rows").setInputTypes(InputType.feedForward(6))
                .addLayer("logits", new DenseLayer.Builder().nOut(CLASSES).activation(Activation.IDENTITY).build(), "rows")
                .addLayer("loss", new SparseSoftmaxLoss(), "logits")
                .setOutputs("loss").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    private static INDArray rows(long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, BATCH * TIME, 6).subi(0.5).muli(4);
    }

    private static INDArray labels(long seed) {
        Random random = new Random(seed);
        double[] ids = new double[BATCH * TIME];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(CLASSES);
        }
        return Nd4j.createFromArray(ids).reshape(BATCH, 1, TIME);
    }

    private static INDArray mask() {
        INDArray mask = Nd4j.ones(DataType.DOUBLE, BATCH, TIME);
        mask.putScalar(0, 3, 0);
        mask.putScalar(2, 0, 0);
        mask.putScalar(2, 1, 0);
        return mask;
    }

    /** Σ over unmasked (b, t) of -log softmax(logits[b·T + t])[label] / batch, written out. */
    private static double expectedScore(INDArray logits, INDArray labels, INDArray mask) {
        double total = 0;
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < TIME; t++) {
                if (mask != null && mask.getDouble(b, t) == 0) {
                    continue;
                }
                INDArray row = logits.getRow(b * TIME + t);
                double sum = 0;
                for (int c = 0; c < CLASSES; c++) {
                    sum += Math.exp(row.getDouble(c));
                }
                total += Math.log(sum) - row.getDouble(labels.getInt(b, 0, t));
            }
        }
        return total / BATCH;
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        ComputationGraph net = graph();
        assertThat(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[] {rows(1)}).labels(new INDArray[] {labels(2)})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-10))).isTrue();
    }

    @Test
    void maskedGradientsMatchFiniteDifferences() {
        ComputationGraph net = graph();
        assertThat(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                .inputs(new INDArray[] {rows(3)}).labels(new INDArray[] {labels(4)}).labelMask(new INDArray[] {mask()})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-10))).isTrue();
    }

    @Test
    void scoreIsTheMaskedCrossEntropySummedOverStepsAndAveragedOverTheBatch() {
        ComputationGraph net = graph();
        INDArray rows = rows(5);
        INDArray labels = labels(6);
        INDArray logits = net.feedForward(new INDArray[] {rows}, false).get("logits");
        assertThat(net.score(new MultiDataSet(new INDArray[] {rows}, new INDArray[] {labels}), false))
                .isCloseTo(expectedScore(logits, labels, null), within(1e-12));
        MultiDataSet masked = new MultiDataSet(new INDArray[] {rows}, new INDArray[] {labels}, null, new INDArray[] {mask()});
        assertThat(net.score(masked, false)).isCloseTo(expectedScore(logits, labels, mask()), within(1e-12));
    }

    @Test
    void theScoreKeptFromTheGradientPassIsTheScoreOfTheBatch() {
        ComputationGraph net = graph();
        INDArray rows = rows(7);
        INDArray labels = labels(8);
        net.setLayerMaskArrays(null, new INDArray[] {mask()});
        net.setInputs(rows);
        net.setLabels(labels);
        net.computeGradientAndScore();
        double kept = net.score();
        net.clearLayerMaskArrays();
        MultiDataSet masked = new MultiDataSet(new INDArray[] {rows}, new INDArray[] {labels}, null, new INDArray[] {mask()});
        assertThat(kept).isCloseTo(net.score(masked, false), within(1e-12));
    }

    @Test
    void uniformLogitsCostLogVocabularyPerToken() {
        ComputationGraph net = graph();
        net.getLayer("logits").params().assign(0);
        double score = net.score(new MultiDataSet(new INDArray[] {rows(9)}, new INDArray[] {labels(10)}), false);
        assertThat(score / TIME).isCloseTo(Math.log(CLASSES), within(1e-12));
    }

    @Test
    void perExampleScoresSumTheirOwnSteps() {
        ComputationGraph net = graph();
        INDArray rows = rows(11);
        INDArray labels = labels(12);
        MultiDataSet masked = new MultiDataSet(new INDArray[] {rows}, new INDArray[] {labels}, null, new INDArray[] {mask()});
        INDArray perExample = net.scoreExamples(masked, false);
        assertThat(perExample.shape()).containsExactly(BATCH, 1);
        assertThat(perExample.sumNumber().doubleValue() / BATCH).isCloseTo(net.score(masked, false), within(1e-12));
    }

    @Test
    void outputsAreSoftmaxProbabilitiesPerRow() {
        ComputationGraph net = graph();
        INDArray probabilities = net.outputSingle(rows(13));
        assertThat(probabilities.shape()).containsExactly(BATCH * TIME, CLASSES);
        for (double sum : probabilities.sum(1).toDoubleVector()) {
            assertThat(sum).isCloseTo(1.0, within(1e-12));
        }
    }

    @Test
    void labelsOutsideTheClassesAreRefusedUnlessMasked() {
        ComputationGraph net = graph();
        INDArray labels = labels(14);
        labels.putScalar(new int[] {2, 0, 0}, CLASSES);
        MultiDataSet masked = new MultiDataSet(new INDArray[] {rows(15)}, new INDArray[] {labels}, null, new INDArray[] {mask()});
        assertThat(net.score(masked, false)).isFinite();
        MultiDataSet unmasked = new MultiDataSet(new INDArray[] {rows(15)}, new INDArray[] {labels});
        assertThatThrownBy(() -> net.score(unmasked, false)).hasMessageContaining("outside the 5 classes");
    }

    @Test
    void aProbabilityThatUnderflowsInFloatStillGivesItsLoss() {
        INDArray logits = Nd4j.createFromArray(new float[][] {{0, 200, 3}, {1, 2, 3}});
        double loss = SoftmaxCrossEntropy.lossAndGradient(logits, new int[] {0, 2}, new double[] {1, 1}, null);
        double expected = 200 + Math.log(1 + Math.exp(-200) + Math.exp(-197))
                + Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3;
        assertThat(loss).isCloseTo(expected, within(1e-4));
    }

    @Test
    void survivesJsonRoundTrip() {
        ComputationGraph net = graph();
        ComputationGraph copy = new ComputationGraph(ComputationGraphConfiguration.fromJson(net.getConfiguration().toJson()));
        copy.init(net.params().dup(), false);
        INDArray rows = rows(16);
        assertThat(copy.outputSingle(rows)).isEqualTo(net.outputSingle(rows));
    }
}
