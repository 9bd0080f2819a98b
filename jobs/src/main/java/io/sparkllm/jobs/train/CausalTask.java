package io.sparkllm.jobs.train;

import io.sparkllm.model.zoo.Family;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;

/**
 * Causal LM pretraining on tokenize's windows (seq-len + 1 ids): the first seq-len ids are the
 * input, the last seq-len the next-token targets. With document masks (the default) the input's
 * mask numbers the documents packed into the window (from its {@code document_starts}), so
 * attention stays within each document; every target is still predicted, so the label mask is
 * all ones. Without them a window is one stream and needs no mask.
 */
final class CausalTask extends TrainTask {
    static final String DOCUMENT_STARTS = "document_starts";

    private final boolean documentMasks;

    CausalTask(boolean documentMasks) {
        this.documentMasks = documentMasks;
    }

    @Override
    public String name() {
        return "causal";
    }

    @Override
    public List<String> columns() {
        return documentMasks ? List.of("window", "input_ids", DOCUMENT_STARTS) : List.of("window", "input_ids");
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
        INDArray[] inputs = {sequence(floats(ids, 0, time))};
        INDArray[] targets = {sequence(floats(ids, 1, time + 1))};
        if (!documentMasks) {
            return new MultiDataSet(inputs, targets);
        }
        INDArray documents = Nd4j.createFromArray(documentNumbers(window.getList(window.fieldIndex(DOCUMENT_STARTS)), time))
                .reshape(1, time);
        return new MultiDataSet(inputs, targets, new INDArray[] {documents}, new INDArray[] {Nd4j.ones(documents.dataType(), 1, time)});
    }

    /**
     * Each input position's document, numbered from 1: the window's first document (which may have
     * begun in an earlier window) is 1, and each start in the window begins the next.
     */
    static float[] documentNumbers(List<Integer> starts, int time) {
        float[] out = new float[time];
        int document = 1;
        int next = 0;
        List<Integer> sorted = starts.stream().sorted().toList();
        for (int t = 0; t < time; t++) {
            while (next < sorted.size() && sorted.get(next) <= t) {
                if (sorted.get(next) > 0) {
                    document++;
                }
                next++;
            }
            out[t] = document;
        }
        return out;
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
