package io.sparkllm.jobs.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.sparkllm.jobs.generate.ExecutorModels;
import io.sparkllm.jobs.io.HadoopConf;
import io.sparkllm.model.tokenizer.Tokenizer;
import io.sparkllm.model.tokenizer.TokenizerFiles;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.UsageException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * {@code sparkllm eval classify}: a classifier trained by {@code sparkllm train --set
 * task=classify} on tokenize's classify examples, spread over the executors (each loads the
 * model once): predictions/ per example, metrics.json (accuracy, macro-F1, per-label precision,
 * recall and F1, the confusion matrix) and report.html with the most confident mistakes.
 */
public final class EvalClassifyJob extends ModelEvalJob {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final StructType PREDICTIONS = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("label", DataTypes.IntegerType, false)
            .add("predicted", DataTypes.IntegerType, false)
            .add("probability", DataTypes.DoubleType, false)
            .add("label_probability", DataTypes.DoubleType, false)
            .add("correct", DataTypes.BooleanType, false)
            .add("input_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false);

    @Override
    public String name() {
        return "eval-classify";
    }

    @Override
    public void run(JobContext context) throws Exception {
        Config c = context.config();
        String model = c.getString("model");
        List<String> labels = new ArrayList<>();
        try {
            JSON.readTree(EvalOutputs.read(context, model, "labels.json")).forEach(n -> labels.add(n.asText()));
        } catch (java.io.FileNotFoundException e) {
            throw new UsageException("eval classify: " + model + " has no labels.json: not a model trained with task=classify");
        }
        Dataset<Row> examples = context.spark().read().parquet(c.getStringList("input").toArray(new String[0]));
        for (String column : List.of("id", "input_ids", "label")) {
            if (!List.of(examples.columns()).contains(column)) {
                throw new UsageException("eval classify: the input has no " + column + " column: it reads sparkllm tokenize "
                        + "--set task=classify output (a split directory such as .../valid)");
            }
        }
        int batch = c.getInt("batch-size");
        HadoopConf hadoop = new HadoopConf(context.hadoopConf());
        Dataset<Row> predictions = examples.select("id", "input_ids", "label")
                .mapPartitions((MapPartitionsFunction<Row, Row>) rows -> predict(rows, model, hadoop, batch),
                        Encoders.row(PREDICTIONS))
                .persist(StorageLevel.MEMORY_AND_DISK());
        predictions.drop("input_ids").orderBy("id").write().parquet(context.staging("predictions").toString());

        long[][] confusion = new long[labels.size()][labels.size()];
        for (Row r : predictions.groupBy("label", "predicted").count().collectAsList()) {
            if (r.getInt(0) >= labels.size()) {
                throw new UsageException("eval classify: label " + r.getInt(0) + " is not one of the model's " + labels.size());
            }
            confusion[r.getInt(0)][r.getInt(1)] = r.getLong(2);
        }
        ObjectNode metrics = ClassificationMetrics.of(labels, confusion);
        List<Row> worst = predictions.filter(col("correct").equalTo(false)).orderBy(col("probability").desc(), col("id"))
                .limit(c.getInt("worst-examples")).collectAsList();
        EvalOutputs.write(context, metrics, report(context, model, labels, metrics, confusion, worst));
        long n = metrics.get("examples").asLong();
        context.recordInput(String.join(",", c.getStringList("input")), n);
        context.recordInput(model, labels.size());
        context.recordOutput("predictions", "predictions", n, "kept");
        context.count("accuracy", metrics.get("accuracy").asDouble());
        context.count("macro_f1", metrics.get("macro_f1").asDouble());
        predictions.unpersist();
    }

    private static EvalReport report(JobContext context, String model, List<String> labels, JsonNode metrics,
                                     long[][] confusion, List<Row> worst) throws Exception {
        Tokenizer tokenizer = TokenizerFiles.fromHuggingFaceJson(EvalOutputs.read(context, model, "tokenizer.json"),
                model + "/tokenizer.json");
        EvalReport report = new EvalReport("Classification: " + model);
        ObjectNode headline = JSON.createObjectNode();
        headline.set("examples", metrics.get("examples"));
        headline.set("accuracy", metrics.get("accuracy"));
        headline.set("macro_f1", metrics.get("macro_f1"));
        report.metrics("Metrics", headline);
        java.util.Map<String, java.util.Map<String, Double>> f1 = new java.util.LinkedHashMap<>();
        java.util.Map<String, Double> byLabel = new java.util.LinkedHashMap<>();
        labels.forEach(l -> byLabel.put(l, metrics.get("per_label").get(l).get("f1").asDouble()));
        f1.put("F1", byLabel);
        report.chart("F1 per label", BarChart.png("F1 per label", "F1", f1));
        ObjectNode perLabel = JSON.createObjectNode();
        perLabel.set("per_label", metrics.get("per_label"));
        report.metrics("Per label", perLabel);
        List<String> header = new ArrayList<>(List.of("true \\ predicted"));
        header.addAll(labels);
        List<List<Object>> rows = new ArrayList<>();
        for (int t = 0; t < labels.size(); t++) {
            List<Object> row = new ArrayList<>(List.of(labels.get(t)));
            for (int p = 0; p < labels.size(); p++) {
                row.add(confusion[t][p]);
            }
            rows.add(row);
        }
        report.table("Confusion matrix", header, rows);
        List<List<Object>> mistakes = new ArrayList<>();
        for (Row r : worst) {
            List<Integer> ids = r.getList(r.fieldIndex("input_ids"));
            String text = tokenizer.decode(ids.stream().mapToInt(Integer::intValue).toArray(), true);
            mistakes.add(List.of(r.getString(0), labels.get(r.getInt(1)), labels.get(r.getInt(2)), r.getDouble(3), text));
        }
        report.table("Most confident mistakes", List.of("id", "label", "predicted", "probability", "text"), mistakes);
        return report;
    }

    private static Iterator<Row> predict(Iterator<Row> rows, String model, HadoopConf hadoop, int batchSize) {
        ComputationGraph graph = ExecutorModels.graph(model, hadoop.get()).graph();
        boolean segments = graph.getConfiguration().getNetworkInputs().size() == 2;
        List<Row> out = new ArrayList<>();
        List<Row> batch = new ArrayList<>();
        while (rows.hasNext()) {
            batch.add(rows.next());
            if (batch.size() == batchSize || !rows.hasNext()) {
                out.addAll(classify(graph, segments, batch));
                batch.clear();
            }
        }
        return out.iterator();
    }

    private static List<Row> classify(ComputationGraph graph, boolean segments, List<Row> batch) {
        List<MultiDataSet> singles = new ArrayList<>();
        for (Row r : batch) {
            List<Integer> ids = r.getList(1);
            float[] tokens = new float[ids.size()];
            for (int t = 0; t < tokens.length; t++) {
                tokens[t] = ids.get(t);
            }
            INDArray x = Nd4j.createFromArray(tokens).reshape(1, 1, tokens.length);
            INDArray[] features = segments ? new INDArray[] {x, Nd4j.zeros(DataType.FLOAT, 1, 1, tokens.length)}
                    : new INDArray[] {x};
            singles.add(new MultiDataSet(features, new INDArray[] {Nd4j.zeros(DataType.FLOAT, 1, 1)}));
        }
        MultiDataSet merged = MultiDataSet.merge(singles);
        INDArray probabilities;
        synchronized (graph) {
            probabilities = graph.output(false, merged.getFeatures(), merged.getFeaturesMaskArrays(), null)[0];
        }
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Row r = batch.get(i);
            int label = r.getInt(2);
            int predicted = probabilities.getRow(i).argMax().getInt(0);
            double p = probabilities.getDouble(i, predicted);
            double pLabel = label < probabilities.size(1) ? probabilities.getDouble(i, label) : 0.0;
            int[] ids = r.<Integer>getList(1).stream().mapToInt(Integer::intValue).toArray();
            out.add(RowFactory.create(r.getString(0), label, predicted, p, pLabel, predicted == label, ids));
        }
        return out;
    }
}
