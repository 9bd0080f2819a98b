package io.sparkllm.jobs.train;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * Validation loss on a fixed sample of valid/ (the first windows by id), scored on the driver
 * against the averaged network. DL4J's distributed scoring refuses graphs whose vertices hold
 * parameters (it counts layers' parameters only), which every zoo model has; the sample is small
 * by design (valid-batches minibatches).
 */
final class ValidationLoss {
    private ValidationLoss() {
    }

    static List<MultiDataSet> batches(Dataset<Row> valid, int batches, int batchSize) {
        List<Row> rows = valid.orderBy(col("window")).limit(batches * batchSize).collectAsList();
        List<MultiDataSet> out = new ArrayList<>();
        for (int start = 0; start < rows.size(); start += batchSize) {
            List<org.nd4j.linalg.dataset.MultiDataSet> batch = new ArrayList<>();
            for (Row r : rows.subList(start, Math.min(rows.size(), start + batchSize))) {
                batch.add(CausalExamples.of(r));
            }
            out.add(org.nd4j.linalg.dataset.MultiDataSet.merge(batch));
        }
        return out;
    }

    /** Mean loss per token over the batches, each weighted by its examples. */
    static double of(ComputationGraph graph, List<MultiDataSet> batches) {
        double total = 0;
        long examples = 0;
        for (MultiDataSet batch : batches) {
            long n = batch.getFeatures(0).size(0);
            total += graph.score(batch, false) * n;
            examples += n;
        }
        return total / examples;
    }
}
