package io.sparkllm.jobs.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.sparkllm.datasets.text.Hash64;
import io.sparkllm.jobs.generate.ExecutorModels;
import io.sparkllm.jobs.io.CorpusInput;
import io.sparkllm.jobs.io.HadoopConf;
import io.sparkllm.jobs.tokenize.ExecutorTokenizers;
import io.sparkllm.jobs.train.TrainTask;
import io.sparkllm.model.tokenizer.Tokenizer;
import io.sparkllm.model.tokenizer.TokenizerFiles;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.UsageException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

/**
 * {@code sparkllm eval perplexity}: token-level loss and perplexity of a language model over a
 * held-out set, overall and per language and source, spread over the executors (each loads the
 * model once). Input is either tokenize output (causal windows, instruct, seq2seq or mlm
 * examples, scored as the train task of the same name scores them: instruct on response tokens,
 * mlm on masked tokens, adding masked-token accuracy), or, with {@code mode = documents}, raw
 * documents: each is encoded with the model's tokenizer, ended with EOS and cut into windows of
 * at most {@code seq-len} + 1 ids, scored per window, grouped by the document's language and
 * file.
 */
public final class EvalPerplexityJob extends ModelEvalJob {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final StructType RESULTS = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("lang", DataTypes.StringType, true)
            .add("source", DataTypes.StringType, true)
            .add("tokens", DataTypes.LongType, false)
            .add("loss", DataTypes.DoubleType, false)
            .add("mean_loss", DataTypes.DoubleType, false)
            .add("perplexity", DataTypes.DoubleType, false)
            .add("correct", DataTypes.LongType, false)
            .add("input_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), true);
    private static final StructType WINDOWS = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("input_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("lang", DataTypes.StringType, true)
            .add("source", DataTypes.StringType, true);

    @Override
    public String name() {
        return "eval-perplexity";
    }

    @Override
    public void run(JobContext context) throws Exception {
        Config c = context.config();
        String model = c.getString("model");
        String mode = c.getString("mode");
        Dataset<Row> examples;
        TrainTask task;
        long quarantined = 0;
        Dataset<Row> records = null;
        if (mode.equals("documents")) {
            byte[] tokenizerJson = EvalOutputs.read(context, model, "tokenizer.json");
            Tokenizer tokenizer = TokenizerFiles.fromHuggingFaceJson(tokenizerJson, model + "/tokenizer.json");
            int eos = tokenizer.tokenToId(c.getString("eos-token"));
            if (eos < 0) {
                throw new UsageException("eval perplexity: eos-token '" + c.getString("eos-token") + "' is not in the model's tokenizer");
            }
            records = CorpusInput.read(context).persist(StorageLevel.MEMORY_AND_DISK());
            quarantined = records.filter(col("error").isNotNull()).count();
            examples = windows(context, records.filter(col("error").isNull()), model, tokenizerJson, eos, c.getInt("seq-len") + 1);
            // Each window holds one document: no document masks.
            task = TrainTask.named("causal", false);
        } else if (mode.equals("tokenized")) {
            examples = context.spark().read().parquet(c.getStringList("input").toArray(new String[0]));
            task = TrainTask.named(taskOf(Arrays.asList(examples.columns())));
        } else {
            throw new UsageException("eval perplexity: mode must be tokenized or documents, got '" + mode + "'");
        }
        List<String> columns = Arrays.asList(examples.columns());
        Column lang = columns.contains("lang") ? col("lang") : lit(null).cast("string");
        Column source = columns.contains("source") ? col("source") : lit(null).cast("string");
        List<String> needed = new ArrayList<>(task.columns());
        needed.remove(task.key());
        List<Column> selected = new ArrayList<>();
        selected.add(col(task.key()).cast("string").as("id"));
        needed.forEach(n -> selected.add(col(n)));
        selected.add(lang.as("lang"));
        selected.add(source.as("source"));
        Dataset<Row> input = examples.select(selected.toArray(new Column[0]));
        int batch = c.getInt("batch-size");
        HadoopConf hadoop = new HadoopConf(context.hadoopConf());
        // The task's example builders look columns up by name: rows get their schema back on the executors.
        StructType schema = input.schema();
        Dataset<Row> results = context.spark().createDataFrame(input.javaRDD().mapPartitions(
                rows -> score(rows, schema, task, model, hadoop, batch)), RESULTS).persist(StorageLevel.MEMORY_AND_DISK());
        results.drop("input_ids").orderBy("id").write().parquet(context.staging("examples").toString());

        boolean masked = task.name().equals("mlm");
        ObjectNode metrics = JSON.createObjectNode();
        metrics.put("task", task.name());
        Row all = results.agg(count(lit(1)), sum("tokens"), sum("loss"), sum("correct")).first();
        if (all.getLong(0) == 0) {
            throw new UsageException("eval perplexity: the input holds no examples");
        }
        put(metrics, all.getLong(0), all.getLong(1), all.getDouble(2), all.getLong(3), masked);
        for (String group : List.of("lang", "source")) {
            ObjectNode by = JSON.createObjectNode();
            for (Row r : results.groupBy(coalesce(col(group), lit("unknown")).as(group))
                    .agg(count(lit(1)), sum("tokens"), sum("loss"), sum("correct")).orderBy(group).collectAsList()) {
                put(by.putObject(r.getString(0)), r.getLong(1), r.getLong(2), r.getDouble(3), r.getLong(4), masked);
            }
            metrics.set("by_" + group, by);
        }
        List<Row> worst = results.orderBy(col("mean_loss").desc(), col("id")).limit(c.getInt("worst-examples")).collectAsList();
        EvalOutputs.write(context, metrics, report(context, model, metrics, worst));
        long n = all.getLong(0);
        if (records != null) {
            context.recordInput(String.join(",", c.getStringList("input")), records.count());
            context.recordOutput("quarantine", "quarantine", quarantined, "quarantined");
            records.filter(col("error").isNotNull()).select("file", "line", "offset", "error", "raw")
                    .write().parquet(context.staging("quarantine").toString());
        } else {
            context.recordInput(String.join(",", c.getStringList("input")), n);
        }
        context.recordInput(model, 1);
        context.recordOutput("examples", "examples", n, "kept");
        context.count("perplexity", metrics.get("perplexity").asDouble());
        results.unpersist();
        if (records != null) {
            records.unpersist();
        }
    }

    /** The tokenize task whose columns the input has. */
    private static String taskOf(List<String> columns) {
        if (columns.contains("masked_positions")) {
            return "mlm";
        }
        if (columns.contains("src_ids")) {
            return "seq2seq";
        }
        if (columns.contains("response_start")) {
            return "instruct";
        }
        if (columns.contains("input_ids") && columns.contains("window")) {
            return "causal";
        }
        throw new UsageException("eval perplexity: the input is not sparkllm tokenize output (causal, instruct, seq2seq or mlm "
                + "examples); for raw documents set mode = documents");
    }

    private static void put(ObjectNode node, long examples, long tokens, double loss, long correct, boolean masked) {
        node.put("examples", examples).put("tokens", tokens);
        double perToken = tokens == 0 ? 0.0 : loss / tokens;
        node.put("loss", perToken).put("perplexity", Math.exp(perToken));
        if (masked) {
            node.put("masked_accuracy", tokens == 0 ? 0.0 : (double) correct / tokens);
        }
    }

    /** Documents to windows of at most {@code window} ids (each document's own, ended by EOS). */
    private static Dataset<Row> windows(JobContext context, Dataset<Row> documents, String model, byte[] tokenizerJson, int eos,
                                        int window) {
        Broadcast<byte[]> shipped = context.spark().sparkContext().broadcast(tokenizerJson,
                scala.reflect.ClassTag$.MODULE$.apply(byte[].class));
        String key = model + "#" + Hash64.of(new String(tokenizerJson, StandardCharsets.UTF_8));
        return documents.select("id", "text", "lang", "file").flatMap((FlatMapFunction<Row, Row>) r -> {
            int[] ids = ExecutorTokenizers.of(key, shipped.value()).encode(r.getString(1), false);
            int[] all = Arrays.copyOf(ids, ids.length + 1);
            all[ids.length] = eos;
            List<Row> out = new ArrayList<>();
            // Windows overlap by one id: each one's first id is the last target of the one before.
            for (int start = 0, k = 0; start + 1 < all.length; start += window - 1, k++) {
                int[] piece = Arrays.copyOfRange(all, start, Math.min(all.length, start + window));
                out.add(RowFactory.create(r.getString(0) + "#" + k, piece, r.getString(2), r.getString(3)));
            }
            return out.iterator();
        }, Encoders.row(WINDOWS)).withColumn("window", col("id"));
    }

    private static Iterator<Row> score(Iterator<Row> rows, StructType schema, TrainTask task, String model, HadoopConf hadoop,
                                       int batchSize) {
        ComputationGraph graph = ExecutorModels.graph(model, hadoop.get()).graph();
        List<Row> out = new ArrayList<>();
        List<Row> batch = new ArrayList<>();
        while (rows.hasNext()) {
            Row next = rows.next();
            Object[] values = new Object[next.size()];
            for (int i = 0; i < values.length; i++) {
                Object v = next.get(i);
                // Arrays may arrive as Java arrays; Row.getList wants a Scala Seq.
                values[i] = v instanceof int[] ints ? scala.Predef$.MODULE$.wrapIntArray(ints) : v;
            }
            batch.add(new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(values, schema));
            if (batch.size() == batchSize || !rows.hasNext()) {
                List<org.nd4j.linalg.dataset.MultiDataSet> singles = new ArrayList<>();
                for (Row r : batch) {
                    singles.add(task.example(r));
                }
                List<TokenLosses.Result> losses = TokenLosses.of(graph, org.nd4j.linalg.dataset.MultiDataSet.merge(singles));
                for (int i = 0; i < batch.size(); i++) {
                    Row r = batch.get(i);
                    TokenLosses.Result result = losses.get(i);
                    double mean = result.tokens() == 0 ? 0.0 : result.loss() / result.tokens();
                    // Kept for the report's decoded excerpts (seq2seq examples have source and target ids instead).
                    boolean hasIds = Arrays.asList(r.schema().fieldNames()).contains("input_ids");
                    int[] text = hasIds ? r.<Integer>getList(r.fieldIndex("input_ids")).stream().mapToInt(Integer::intValue)
                            .toArray() : null;
                    out.add(RowFactory.create(r.getString(0), r.getString(r.fieldIndex("lang")), r.getString(r.fieldIndex("source")),
                            result.tokens(), result.loss(), mean, Math.exp(mean), result.correct(), text));
                }
                batch.clear();
            }
        }
        return out.iterator();
    }

    private static EvalReport report(JobContext context, String model, ObjectNode metrics, List<Row> worst) throws Exception {
        Tokenizer tokenizer = TokenizerFiles.fromHuggingFaceJson(EvalOutputs.read(context, model, "tokenizer.json"),
                model + "/tokenizer.json");
        EvalReport report = new EvalReport("Perplexity: " + model);
        report.metrics("Metrics", metrics);
        Map<String, Map<String, Double>> byLanguage = new LinkedHashMap<>();
        Map<String, Double> values = new LinkedHashMap<>();
        metrics.get("by_lang").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().get("perplexity").asDouble()));
        byLanguage.put("perplexity", values);
        report.chart("Perplexity by language", BarChart.png("Perplexity by language", "perplexity", byLanguage));
        List<List<Object>> rows = new ArrayList<>();
        for (Row r : worst) {
            List<Integer> ids = r.isNullAt(r.fieldIndex("input_ids")) ? List.of() : r.getList(r.fieldIndex("input_ids"));
            String text = tokenizer.decode(ids.stream().mapToInt(Integer::intValue).toArray(), false);
            rows.add(Arrays.asList(r.getString(0), r.getString(1), r.getDouble(r.fieldIndex("mean_loss")),
                    r.getLong(r.fieldIndex("tokens")), text.length() > 300 ? text.substring(0, 300) + "…" : text));
        }
        report.table("Highest loss per token", List.of("id", "lang", "loss", "tokens", "text"), rows);
        return report;
    }
}
