package io.sparkllm.bench;

import io.sparkllm.jobs.train.TrainTask;
import io.sparkllm.model.train.FusedAdam;
import io.sparkllm.model.train.WarmupCosineSchedule;
import io.sparkllm.model.zoo.ModelGraphs;
import io.sparkllm.model.zoo.ModelSpec;
import io.sparkllm.model.zoo.TrainingOptions;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * The train-scaling benchmark's baseline: the same model, optimizer and minibatches as one
 * {@code sparkllm train} worker, trained by {@code ComputationGraph.fit} in a plain JVM with no
 * Spark in the loop (Spark only reads the windows beforehand). Prints the steady tokens/s over
 * the steps after the first two.
 * Usage: PlainJvmTraining WINDOWS_DIR PRESET STEPS BATCH
 */
public final class PlainJvmTraining {
    private PlainJvmTraining() {
    }

    public static void main(String[] args) {
        String windows = args[0];
        ModelSpec spec = ModelSpec.fromPreset(args[1]);
        int steps = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        TrainTask causal = TrainTask.named("causal");
        List<MultiDataSet> batches = new ArrayList<>();
        SparkSession spark = SparkSession.builder().master("local[1]").appName("plain-jvm-training").getOrCreate();
        try {
            List<Row> rows = spark.read().parquet(windows + "/train").orderBy(col("window"))
                    .limit((steps + 2) * batch).collectAsList();
            for (int start = 0; start + batch <= rows.size(); start += batch) {
                List<MultiDataSet> examples = new ArrayList<>();
                for (Row r : rows.subList(start, start + batch)) {
                    examples.add(causal.example(r));
                }
                batches.add(MultiDataSet.merge(examples));
            }
        } finally {
            spark.stop();
        }
        // The train job's defaults: Adam with warmup and cosine decay, decoupled weight decay, clipping.
        TrainingOptions options = new TrainingOptions(new FusedAdam(new WarmupCosineSchedule(3e-4, 10, steps + 2, 0.1)), 0.01, 1.0);
        ComputationGraph graph = new ComputationGraph(ModelGraphs.configuration(spec, 1, options, DataType.FLOAT));
        graph.init();
        long tokens = 0;
        long start = 0;
        for (int i = 0; i < batches.size(); i++) {
            if (i == 2) {
                start = System.nanoTime();
            }
            graph.fit(batches.get(i));
            if (i >= 2) {
                tokens += batches.get(i).getFeatures(0).length();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%.1f %d%n", tokens / seconds, batches.size() - 2);
    }
}
