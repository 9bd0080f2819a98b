package io.sparkllm.jobs.train;

import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * A tokenize window (seq-len + 1 ids) as one causal-LM example: the first seq-len ids are the
 * input, the last seq-len the next-token targets, as recurrent arrays {@code [1, 1, seq-len]}.
 * Windows are full, so no mask is needed.
 */
final class CausalExamples {
    private CausalExamples() {
    }

    static MultiDataSet of(Row window) {
        List<Integer> ids = window.getList(window.fieldIndex("input_ids"));
        int time = ids.size() - 1;
        float[] input = new float[time];
        float[] target = new float[time];
        for (int t = 0; t < time; t++) {
            input[t] = ids.get(t);
            target[t] = ids.get(t + 1);
        }
        INDArray features = Nd4j.createFromArray(input).castTo(DataType.FLOAT).reshape(1, 1, time);
        INDArray labels = Nd4j.createFromArray(target).castTo(DataType.FLOAT).reshape(1, 1, time);
        return new MultiDataSet(features, labels);
    }
}
