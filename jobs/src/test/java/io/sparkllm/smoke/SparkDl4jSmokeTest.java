package io.sparkllm.smoke;

import io.sparkllm.model.layers.LayerNorm;
import io.sparkllm.testing.TestSpark;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the pinned stack end to end: a ComputationGraph holding one of our SameDiff layers
 * trains through SparkComputationGraph with parameter averaging (updater state kept) on
 * local[2], serialised with Kryo and ND4J's registrator, and its loss falls.
 */
class SparkDl4jSmokeTest {
    private static List<DataSet> separableData(int examples, long seed) {
        Random random = new Random(seed);
        double[][] centres = new double[3][8];
        for (double[] c : centres) {
            for (int i = 0; i < c.length; i++) {
                c[i] = random.nextGaussian() * 2;
            }
        }
        List<DataSet> data = new ArrayList<>();
        for (int e = 0; e < examples; e++) {
            int label = e % 3;
            INDArray features = Nd4j.create(DataType.FLOAT, 1, 8);
            for (int i = 0; i < 8; i++) {
                features.putScalar(0, i, centres[label][i] + random.nextGaussian());
            }
            INDArray labels = Nd4j.zeros(DataType.FLOAT, 1, 3);
            labels.putScalar(0, label, 1.0);
            data.add(new DataSet(features, labels));
        }
        return data;
    }

    @Test
    void samediffLayerTrainsThroughParameterAveragingAndLossFalls() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(42).dataType(DataType.FLOAT).updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.feedForward(8))
                .addLayer("dense", new DenseLayer.Builder().nOut(16).activation(Activation.TANH).build(), "in")
                .addLayer("norm", new LayerNorm(), "dense")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "norm")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();

        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(1)
                .batchSizePerWorker(16)
                .averagingFrequency(2)
                .workerPrefetchNumBatches(0)
                .saveUpdater(true)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .build();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
        SparkComputationGraph spark = new SparkComputationGraph(sc, graph, master);
        JavaRDD<DataSet> rdd = sc.parallelize(separableData(256, 7), 2);

        double before = spark.calculateScore(rdd, true);
        spark.fit(rdd);
        double afterFirstRound = spark.calculateScore(rdd, true);
        spark.fit(rdd);
        double afterSecondRound = spark.calculateScore(rdd, true);

        assertThat(afterFirstRound).isLessThan(before);
        assertThat(afterSecondRound).isLessThan(afterFirstRound);
        // The averaged network is the one the driver holds, and it learned the task.
        INDArray predictions = spark.getNetwork().outputSingle(separableData(30, 7).stream()
                .map(DataSet::getFeatures).reduce((a, b) -> Nd4j.vstack(a, b)).orElseThrow());
        assertThat(predictions.argMax(1).toIntVector()).startsWith(0, 1, 2);
    }
}
