package io.sparkllm.jobs.train;

import io.sparkllm.model.zoo.Family;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.size;

/**
 * Translation on tokenize's seq2seq examples: the source ids (ending with EOS) go to the encoder;
 * the decoder reads the target without its last id (it starts with BOS, the decoder's start
 * token) and predicts the target without its first, teacher-forced.
 */
final class TranslationTask extends TrainTask {
    @Override
    public String name() {
        return "seq2seq";
    }

    @Override
    public List<String> columns() {
        return List.of("id", "src_ids", "tgt_ids");
    }

    @Override
    String tokenizeTask() {
        return "seq2seq";
    }

    @Override
    public String key() {
        return "id";
    }

    @Override
    Set<Family> families() {
        return EnumSet.of(Family.TRANSFORMER);
    }

    @Override
    public MultiDataSet example(Row row) {
        List<Integer> source = row.getList(row.fieldIndex("src_ids"));
        List<Integer> target = row.getList(row.fieldIndex("tgt_ids"));
        int time = target.size() - 1;
        // The graph's inputs are (source, tokens), in that order.
        return new MultiDataSet(new INDArray[] {sequence(floats(source, 0, source.size())), sequence(floats(target, 0, time))},
                new INDArray[] {sequence(floats(target, 1, time + 1))});
    }

    @Override
    Column inputTokens() {
        return size(col("src_ids")).plus(size(col("tgt_ids"))).minus(1);
    }

    @Override
    Column predictedTokens() {
        return size(col("tgt_ids")).minus(1);
    }

    @Override
    Column longest() {
        return greatest(size(col("src_ids")), size(col("tgt_ids")).minus(1));
    }
}
