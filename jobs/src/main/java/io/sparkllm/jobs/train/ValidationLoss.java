package io.sparkllm.jobs.train;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * The fixed validation sample: the first examples of valid/ by the task's key, merged into
 * minibatches and scored on the driver against the averaged network (see
 * {@link TrainTask#validate}). DL4J's distributed scoring refuses graphs whose vertices hold
 * parameters (it counts layers' parameters only), which every zoo model has; the sample is small
 * by design (valid-batches minibatches).
 */
final class ValidationLoss {
    private ValidationLoss() {
    }

    static List<MultiDataSet> batches(Dataset<Row> valid, TrainTask task, int batches, int batchSize) {
        List<Row> rows = valid.orderBy(col(task.key())).limit(batches * batchSize).collectAsList();
        List<MultiDataSet> out = new ArrayList<>();
        for (int start = 0; start < rows.size(); start += batchSize) {
            List<org.nd4j.linalg.dataset.MultiDataSet> batch = new ArrayList<>();
            for (Row r : rows.subList(start, Math.min(rows.size(), start + batchSize))) {
                batch.add(task.example(r));
            }
            out.add(org.nd4j.linalg.dataset.MultiDataSet.merge(batch));
        }
        return out;
    }
}
