package io.sparkllm.jobs.train;

import io.sparkllm.model.zoo.Family;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;

/**
 * BERT pretraining on tokenize's mlm examples: the masked-LM output predicts the original ids at
 * the masked positions only (its label mask), and the next-sentence output whether segment B
 * was replaced (label 1) or is the true continuation (0). DL4J adds the two losses.
 */
final class MaskedLmTask extends TrainTask {
    @Override
    public String name() {
        return "mlm";
    }

    @Override
    public List<String> columns() {
        return List.of("id", "input_ids", "token_type_ids", "masked_positions", "masked_labels", "next_sentence_label");
    }

    @Override
    String tokenizeTask() {
        return "mlm";
    }

    @Override
    public String key() {
        return "id";
    }

    @Override
    Set<Family> families() {
        return EnumSet.of(Family.BERT);
    }

    @Override
    public MultiDataSet example(Row row) {
        List<Integer> ids = row.getList(row.fieldIndex("input_ids"));
        List<Integer> segments = row.getList(row.fieldIndex("token_type_ids"));
        List<Integer> positions = row.getList(row.fieldIndex("masked_positions"));
        List<Integer> originals = row.getList(row.fieldIndex("masked_labels"));
        int time = ids.size();
        float[] labels = new float[time];
        float[] mask = new float[time];
        for (int i = 0; i < positions.size(); i++) {
            labels[positions.get(i)] = originals.get(i);
            mask[positions.get(i)] = 1;
        }
        INDArray nextSentence = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 2);
        nextSentence.putScalar(0, row.getInt(row.fieldIndex("next_sentence_label")), 1);
        // The graph's inputs are (tokens, segments); its outputs (lm, nsp).
        return new MultiDataSet(
                new INDArray[] {sequence(floats(ids, 0, time)), sequence(floats(segments, 0, time))},
                new INDArray[] {sequence(labels), nextSentence},
                null, new INDArray[] {Nd4j.createFromArray(mask).reshape(1, time), null});
    }

    @Override
    Column inputTokens() {
        return size(col("input_ids"));
    }

    @Override
    Column predictedTokens() {
        return size(col("masked_positions"));
    }

    @Override
    Column longest() {
        return inputTokens();
    }

    /**
     * The masked-LM loss per masked token and the next-sentence loss and accuracy per example.
     * DL4J's score adds the batch's summed masked-LM loss per example to its mean next-sentence
     * loss, so the first is that score less the second.
     */
    @Override
    Map<String, Double> validate(ComputationGraph graph, List<org.nd4j.linalg.dataset.api.MultiDataSet> batches) {
        double maskedLoss = 0;
        double nextLoss = 0;
        long masked = 0;
        long examples = 0;
        long correct = 0;
        for (org.nd4j.linalg.dataset.api.MultiDataSet batch : batches) {
            long n = batch.getFeatures(0).size(0);
            INDArray nsp = graph.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays(), null)[1];
            INDArray truth = batch.getLabels(1);
            double batchNext = 0;
            for (int r = 0; r < n; r++) {
                int label = truth.getDouble(r, 1) > 0.5 ? 1 : 0;
                batchNext -= Math.log(Math.max(nsp.getDouble(r, label), 1e-30));
                correct += (nsp.getDouble(r, 1) > nsp.getDouble(r, 0) ? 1 : 0) == label ? 1 : 0;
            }
            maskedLoss += lossOnly(graph, batch) * n - batchNext;
            nextLoss += batchNext;
            masked += predicted(batch, 0);
            examples += n;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("valid_loss", maskedLoss / masked);
        out.put("valid_nsp_loss", nextLoss / examples);
        out.put("valid_nsp_accuracy", (double) correct / examples);
        return out;
    }
}
