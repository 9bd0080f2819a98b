package io.sparkllm.jobs.train;

import io.sparkllm.model.zoo.Family;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.dataset.MultiDataSet;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;

/**
 * Causal LM pretraining on tokenize's windows (seq-len + 1 ids): the first seq-len ids are the
 * input, the last seq-len the next-token targets. Windows are full, so no mask is needed.
 */
final class CausalTask extends TrainTask {
    @Override
    public String name() {
        return "causal";
    }

    @Override
    public List<String> columns() {
        return List.of("window", "input_ids");
    }

    @Override
    String tokenizeTask() {
        return "causal";
    }

    @Override
    public String key() {
        return "window";
    }

    @Override
    Set<Family> families() {
        return EnumSet.of(Family.GPT, Family.GPT2, Family.BLOOM, Family.LLAMA);
    }

    @Override
    public MultiDataSet example(Row window) {
        List<Integer> ids = window.getList(window.fieldIndex("input_ids"));
        int time = ids.size() - 1;
        return new MultiDataSet(sequence(floats(ids, 0, time)), sequence(floats(ids, 1, time + 1)));
    }

    @Override
    Column inputTokens() {
        return size(col("input_ids")).minus(1);
    }

    @Override
    Column predictedTokens() {
        return inputTokens();
    }

    @Override
    Column longest() {
        return inputTokens();
    }
}
