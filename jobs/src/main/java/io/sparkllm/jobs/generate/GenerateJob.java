package io.sparkllm.jobs.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import io.sparkllm.datasets.text.Hash64;
import io.sparkllm.jobs.CorpusJob;
import io.sparkllm.jobs.io.CorpusInput;
import io.sparkllm.jobs.io.HadoopConf;
import io.sparkllm.jobs.tokenize.ExecutorTokenizers;
import io.sparkllm.jobs.tokenize.TokenizerInput;
import io.sparkllm.model.generate.Generation;
import io.sparkllm.model.generate.Generator;
import io.sparkllm.model.generate.SamplingSettings;
import io.sparkllm.model.tokenizer.Tokenizer;
import io.sparkllm.model.tokenizer.TokenizerFiles;
import io.sparkllm.model.zoo.KvCacheDecoder;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.UsageException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;

/**
 * {@code sparkllm generate}: completions for a file of prompts from a decoder-only model (a
 * sparkllm model directory or a Hugging Face checkpoint), decoded with a key/value cache on the
 * executors, each executor loading the model once. Every prompt gets {@code samples} completions,
 * seeded by the prompt's id and sample number, so the output doesn't depend on partitioning.
 * Prompts too long for the model go to {@code rejected/}, unreadable records to {@code quarantine/}.
 */
public final class GenerateJob extends CorpusJob {
    static final StructType RESULTS = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("sample", DataTypes.IntegerType, false)
            .add("prompt", DataTypes.StringType, false)
            .add("completion", DataTypes.StringType, true)
            .add("finish_reason", DataTypes.StringType, true)
            .add("prompt_tokens", DataTypes.IntegerType, false)
            .add("new_tokens", DataTypes.IntegerType, false)
            .add("token_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), true)
            .add("rule", DataTypes.StringType, true)
            .add("millis", DataTypes.LongType, false);

    @Override
    public String name() {
        return "generate";
    }

    /** The model and the tokenizer are inputs too: new weights make earlier completions stale. */
    @Override
    public List<String> inputs(Config config) {
        List<String> inputs = new ArrayList<>(super.inputs(config));
        inputs.add(config.getString("model"));
        if (!config.getIsNull("tokenizer")) {
            inputs.add(config.getString("tokenizer"));
        }
        return inputs;
    }

    @Override
    public void run(JobContext context) throws Exception {
        Config c = context.config();
        String model = c.getString("model");
        String tokenizerPath = c.getIsNull("tokenizer") ? model + "/tokenizer.json" : c.getString("tokenizer");
        Tokenizer tokenizer = loadTokenizer(tokenizerPath);
        SamplingSettings settings = GenerationSettings.from(c, tokenizer);
        int samples = c.getInt("samples");
        if (samples < 1) {
            throw new UsageException("samples must be at least 1, got " + samples);
        }
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        TokenizerFiles.write(tokenizer, json);
        Broadcast<byte[]> shippedTokenizer = context.spark().sparkContext().broadcast(json.toByteArray(),
                scala.reflect.ClassTag$.MODULE$.apply(byte[].class));
        String tokenizerKey = tokenizerPath + "#" + Hash64.of(json.toString(StandardCharsets.UTF_8));
        HadoopConf hadoop = new HadoopConf(context.hadoopConf());

        Dataset<Row> records = CorpusInput.read(context).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> results = records.filter(col("error").isNull()).select("id", "text")
                .mapPartitions((MapPartitionsFunction<Row, Row>) rows -> generate(rows, model, hadoop,
                        tokenizerKey, shippedTokenizer, settings, samples), Encoders.row(RESULTS))
                .persist(StorageLevel.MEMORY_AND_DISK());

        Dataset<Row> completions = results.filter(col("rule").isNull()).drop("rule").orderBy("id", "sample");
        completions.drop("millis").write().parquet(context.staging("completions").toString());
        results.filter(col("rule").isNotNull()).select("id", "rule", "prompt_tokens", "prompt")
                .withColumnRenamed("prompt_tokens", "value").orderBy("id")
                .write().parquet(context.staging("rejected").toString());
        records.filter(col("error").isNotNull()).select("file", "line", "offset", "error", "raw")
                .write().parquet(context.staging("quarantine").toString());

        long completionRows = results.filter(col("rule").isNull()).count();
        long rejected = results.filter(col("rule").isNotNull()).count();
        long quarantined = records.filter(col("error").isNotNull()).count();
        long read = records.count();
        writeStats(context, results, completionRows);
        context.recordInput(model, 1);
        context.recordAccounting(String.join(",", c.getStringList("input")), "prompts_in", read, "completions",
                completionRows / samples, rejected, quarantined);
        context.count("completions", completionRows);
        results.unpersist();
        records.unpersist();
    }

    private static Iterator<Row> generate(Iterator<Row> rows, String model, HadoopConf hadoop, String tokenizerKey,
                                          Broadcast<byte[]> shippedTokenizer, SamplingSettings settings, int samples) {
        KvCacheDecoder decoder = ExecutorModels.of(model, hadoop.get());
        Tokenizer tokenizer = ExecutorTokenizers.of(tokenizerKey, shippedTokenizer.value());
        Generator generator = new Generator(decoder, tokenizer::decode);
        List<Row> out = new ArrayList<>();
        while (rows.hasNext()) {
            Row r = rows.next();
            String id = r.getString(0);
            String prompt = r.getString(1);
            int[] ids = tokenizer.encode(prompt, true);
            if (ids.length == 0 || ids.length >= decoder.capacity()) {
                out.add(RowFactory.create(id, 0, prompt, null, null, ids.length, 0, null,
                        ids.length == 0 ? "empty-prompt" : "prompt-too-long", 0L));
                continue;
            }
            SamplingSettings fitted = settings.withMaxNewTokens(Math.min(settings.maxNewTokens(), decoder.capacity() - ids.length));
            for (int s = 0; s < samples; s++) {
                long start = System.nanoTime();
                Generation g = generator.generate(ids, Hash64.mix(Hash64.of(id) + s), fitted);
                long millis = (System.nanoTime() - start) / 1_000_000;
                out.add(RowFactory.create(id, s, prompt, g.text(), g.finishReason().name().toLowerCase(java.util.Locale.ROOT),
                        ids.length, g.tokens().length, g.tokens(), null, millis));
            }
        }
        return out.iterator();
    }

    private static void writeStats(JobContext context, Dataset<Row> results, long completions) throws Exception {
        Map<String, Object> stats = new LinkedHashMap<>();
        Map<String, Long> reasons = new TreeMap<>();
        long tokens = 0;
        long millis = 0;
        for (Row r : results.filter(col("rule").isNull()).groupBy("finish_reason")
                .agg(org.apache.spark.sql.functions.count("*"), org.apache.spark.sql.functions.sum("new_tokens"),
                        org.apache.spark.sql.functions.sum("millis")).collectAsList()) {
            reasons.put(r.getString(0), r.getLong(1));
            tokens += r.getLong(2);
            millis += r.getLong(3);
        }
        Map<String, Long> rules = new TreeMap<>();
        for (Row r : results.filter(col("rule").isNotNull()).groupBy("rule").count().collectAsList()) {
            rules.put(r.getString(0), r.getLong(1));
        }
        stats.put("completions", completions);
        stats.put("new_tokens", tokens);
        stats.put("finish_reasons", reasons);
        stats.put("rejected_by_rule", rules);
        stats.put("decode_seconds", millis / 1000.0);
        stats.put("tokens_per_second_per_task", millis == 0 ? 0 : tokens * 1000.0 / millis);
        try (FSDataOutputStream out = context.fileSystem(context.staging()).create(context.staging("stats.json"), false)) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue((OutputStream) out, stats);
        }
        context.count("new_tokens", tokens);
    }

    private static Tokenizer loadTokenizer(String path) {
        if (!Files.exists(Path.of(path))) {
            throw new UsageException("tokenizer " + path + " does not exist (set 'tokenizer' or put tokenizer.json in the model directory)");
        }
        return TokenizerInput.load(path);
    }
}
