package io.sparkllm.jobs.train;

import io.sparkllm.model.zoo.Family;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;

/**
 * Instruction tuning on tokenize's instruct examples (prompt then response ids, and where the
 * response starts): next-token prediction over the whole sequence, with the loss only on the
 * response (the label mask covers the steps whose target is a response token).
 */
final class InstructionTask extends TrainTask {
    private final CausalTask causal = new CausalTask(false);

    @Override
    public String name() {
        return "instruct";
    }

    @Override
    public List<String> columns() {
        return List.of("id", "input_ids", "response_start");
    }

    @Override
    String tokenizeTask() {
        return "instruct";
    }

    @Override
    public String key() {
        return "id";
    }

    @Override
    Set<Family> families() {
        return causal.families();
    }

    @Override
    public MultiDataSet example(Row row) {
        List<Integer> ids = row.getList(row.fieldIndex("input_ids"));
        int responseStart = row.getInt(row.fieldIndex("response_start"));
        int time = ids.size() - 1;
        // Step t predicts id t + 1: it counts when that id belongs to the response.
        float[] mask = new float[time];
        for (int t = Math.max(0, responseStart - 1); t < time; t++) {
            mask[t] = 1;
        }
        INDArray labelMask = Nd4j.createFromArray(mask).reshape(1, time);
        return new MultiDataSet(new INDArray[] {sequence(floats(ids, 0, time))},
                new INDArray[] {sequence(floats(ids, 1, time + 1))}, null, new INDArray[] {labelMask});
    }

    @Override
    Column inputTokens() {
        return causal.inputTokens();
    }

    @Override
    Column predictedTokens() {
        return size(col("input_ids")).minus(greatest(col("response_start"), lit(1)));
    }

    @Override
    Column longest() {
        return causal.inputTokens();
    }
}
