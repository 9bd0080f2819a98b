package io.sparkllm.jobs.eval;

import io.sparkllm.model.zoo.Logits;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per-example language-model losses from a zoo graph's logits: for every step the first
 * output's label mask lets through (every step without one), −log softmax at the label, summed
 * per example, and how many of those steps the most likely token got right (masked-token
 * accuracy for MLM). Padding masks go in with the inputs, so padded batches score as each
 * example alone would.
 */
final class TokenLosses {
    record Result(double loss, long tokens, long correct) {
    }

    private TokenLosses() {
    }

    static List<Result> of(ComputationGraph graph, MultiDataSet batch) {
        int examples = (int) batch.getFeatures(0).size(0);
        INDArray logits;
        synchronized (graph) {
            graph.setLayerMaskArrays(batch.getFeaturesMaskArrays(), null);
            try {
                Map<String, INDArray> activations = graph.feedForward(batch.getFeatures(), false);
                logits = Logits.of(activations, examples).dup();
            } finally {
                graph.clearLayerMaskArrays();
            }
        }
        int steps = (int) logits.size(1);
        INDArray rows = logits.reshape(examples * (long) steps, logits.size(2));
        INDArray max = rows.max(1);
        INDArray logSumExp = Transforms.log(Transforms.exp(rows.subColumnVector(max.reshape(rows.size(0), 1))).sum(1))
                .add(max);
        INDArray best = rows.argMax(1);
        INDArray labels = batch.getLabels(0);
        INDArray mask = batch.getLabelsMaskArray(0);
        List<Result> out = new ArrayList<>(examples);
        for (int i = 0; i < examples; i++) {
            double loss = 0;
            long tokens = 0;
            long correct = 0;
            for (int t = 0; t < steps; t++) {
                if (mask != null && mask.getDouble(i, t) == 0) {
                    continue;
                }
                int row = i * steps + t;
                int label = (int) labels.getDouble(i, 0, t);
                loss += logSumExp.getDouble(row) - rows.getDouble(row, label);
                tokens++;
                correct += best.getInt(row) == label ? 1 : 0;
            }
            out.add(new Result(loss, tokens, correct));
        }
        return out;
    }
}
