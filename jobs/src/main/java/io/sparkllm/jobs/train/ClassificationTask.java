package io.sparkllm.jobs.train;

import io.sparkllm.model.zoo.ClassifierGraphs;
import io.sparkllm.model.zoo.Family;
import io.sparkllm.model.zoo.ModelSpec;
import io.sparkllm.model.zoo.TrainingOptions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;

/**
 * Sequence-classification fine-tuning on tokenize's classify examples: a softmax head over the
 * labels (labels.json) on the last real token of a decoder or on BERT's pooled [CLS]
 * ({@link ClassifierGraphs}). The loss is per example.
 */
final class ClassificationTask extends TrainTask {
    private final int labels;
    private final boolean segments;

    ClassificationTask() {
        this(0, false);
    }

    private ClassificationTask(int labels, boolean segments) {
        this.labels = labels;
        this.segments = segments;
    }

    @Override
    public String name() {
        return "classify";
    }

    @Override
    public List<String> columns() {
        return List.of("id", "input_ids", "label");
    }

    @Override
    String tokenizeTask() {
        return "classify";
    }

    @Override
    public String key() {
        return "id";
    }

    @Override
    Set<Family> families() {
        return EnumSet.of(Family.BERT, Family.GPT, Family.GPT2, Family.BLOOM, Family.LLAMA);
    }

    @Override
    TrainTask fitted(ModelSpec spec, List<String> labelNames) {
        return new ClassificationTask(labelNames.size(), spec.family() == Family.BERT);
    }

    @Override
    ComputationGraphConfiguration configuration(ModelSpec spec, long seed, TrainingOptions options) {
        return ClassifierGraphs.configuration(spec, labels, seed, options, DataType.FLOAT);
    }

    @Override
    public MultiDataSet example(Row row) {
        List<Integer> ids = row.getList(row.fieldIndex("input_ids"));
        INDArray label = Nd4j.zeros(DataType.FLOAT, 1, labels);
        label.putScalar(0, row.getInt(row.fieldIndex("label")), 1);
        INDArray tokens = sequence(floats(ids, 0, ids.size()));
        INDArray[] features = segments ? new INDArray[] {tokens, Nd4j.zeros(DataType.FLOAT, 1, 1, ids.size())}
                : new INDArray[] {tokens};
        return new MultiDataSet(features, new INDArray[] {label});
    }

    @Override
    Column inputTokens() {
        return size(col("input_ids"));
    }

    @Override
    Column predictedTokens() {
        return lit(1);
    }

    @Override
    Column longest() {
        return inputTokens();
    }

    /** Loss and accuracy per example. */
    @Override
    Map<String, Double> validate(ComputationGraph graph, List<org.nd4j.linalg.dataset.api.MultiDataSet> batches) {
        double loss = 0;
        long examples = 0;
        long correct = 0;
        for (org.nd4j.linalg.dataset.api.MultiDataSet batch : batches) {
            long n = batch.getFeatures(0).size(0);
            loss += lossOnly(graph, batch) * n;
            INDArray predicted = graph.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays(), null)[0].argMax(1);
            INDArray truth = batch.getLabels(0).argMax(1);
            correct += predicted.eq(truth).castTo(DataType.INT).sumNumber().longValue();
            examples += n;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("valid_loss", loss / examples);
        out.put("valid_accuracy", (double) correct / examples);
        return out;
    }
}
