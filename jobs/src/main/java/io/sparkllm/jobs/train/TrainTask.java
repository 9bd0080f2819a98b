package io.sparkllm.jobs.train;

import io.sparkllm.model.zoo.Family;
import io.sparkllm.model.zoo.ModelGraphs;
import io.sparkllm.model.zoo.ModelSpec;
import io.sparkllm.model.zoo.TrainingOptions;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import io.sparkllm.runtime.UsageException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A training objective: which {@code sparkllm tokenize} output it reads, which model families it
 * trains, how one row becomes a DL4J example (with its masks), and how many tokens an example
 * feeds the model and how many the loss is taken over. Examples are built one per row on the
 * workers; DL4J merges them into minibatches, padding shorter sequences and masking the padding.
 */
public abstract class TrainTask implements Serializable {
    static final List<String> NAMES = List.of("causal", "instruct", "seq2seq", "mlm", "classify");

    /** The task of this name, with its defaults (document masks on for causal). */
    public static TrainTask named(String name) {
        return named(name, true);
    }

    /** The task of this name; {@code documentMasks}: whether causal windows keep attention within each packed document. */
    public static TrainTask named(String name, boolean documentMasks) {
        return switch (name) {
            case "causal" -> new CausalTask(documentMasks);
            case "instruct" -> new InstructionTask();
            case "seq2seq" -> new TranslationTask();
            case "mlm" -> new MaskedLmTask();
            case "classify" -> new ClassificationTask();
            default -> throw new UsageException("train: task '" + name + "' is not one of " + NAMES);
        };
    }

    public abstract String name();

    /** The columns train/ and valid/ must hold. */
    public abstract List<String> columns();

    /** The tokenize task that writes them, named in the error when they are missing. */
    abstract String tokenizeTask();

    /** The column naming an example: rounds are dealt by its hash, validation batches taken in its order. */
    public abstract String key();

    abstract Set<Family> families();

    public abstract org.nd4j.linalg.dataset.MultiDataSet example(Row row);

    /** The task once the model and the data's labels (classify only) are known. */
    TrainTask fitted(ModelSpec spec, List<String> labels) {
        return this;
    }

    /** The graph this task trains: the zoo model with its pretraining heads, unless the task needs another. */
    ComputationGraphConfiguration configuration(ModelSpec spec, long seed, TrainingOptions options) {
        return ModelGraphs.configuration(spec, seed, options, DataType.FLOAT);
    }

    /** Tokens one example feeds the model (for tokens/s and MFU). */
    abstract Column inputTokens();

    /** Tokens one example's loss is taken over (the loss is reported per such token). */
    abstract Column predictedTokens();

    /** The longest sequence one example puts through the model, checked against max-positions. */
    abstract Column longest();

    /**
     * Validation metrics over fixed batches, per predicted token. DL4J's score is the loss summed
     * over an example's predicted tokens, averaged over the examples; the default undoes that average
     * and divides by the tokens the label mask lets through. The weight-decay term DL4J adds to the score is
     * taken off first: it is no loss on the data.
     */
    Map<String, Double> validate(ComputationGraph graph, List<MultiDataSet> batches) {
        double total = 0;
        long tokens = 0;
        for (MultiDataSet batch : batches) {
            total += lossOnly(graph, batch) * batch.getFeatures(0).size(0);
            tokens += predicted(batch, 0);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("valid_loss", total / tokens);
        return out;
    }

    /** DL4J's score without the weight-decay term it adds once per batch. */
    static double lossOnly(ComputationGraph graph, MultiDataSet batch) {
        return graph.score(batch, false) - graph.calcRegularizationScore(true);
    }

    /** Tokens of output {@code index} the loss counts: those its label mask lets through, or every step. */
    static long predicted(MultiDataSet batch, int index) {
        INDArray mask = batch.getLabelsMaskArray(index);
        INDArray labels = batch.getLabels(index);
        return mask == null ? labels.size(0) * labels.size(2) : Math.round(mask.sumNumber().doubleValue());
    }

    static float[] floats(List<Integer> ids, int from, int to) {
        float[] out = new float[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = ids.get(i);
        }
        return out;
    }

    /** A recurrent array {@code [1, 1, time]} of ids. */
    static INDArray sequence(float[] values) {
        return org.nd4j.linalg.factory.Nd4j.createFromArray(values).reshape(1, 1, values.length);
    }
}
