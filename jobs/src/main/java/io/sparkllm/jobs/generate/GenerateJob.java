package io.sparkllm.jobs.generate;

import com.typesafe.config.Config;
import io.sparkllm.jobs.CorpusJob;
import io.sparkllm.jobs.io.CorpusInput;
import io.sparkllm.model.generate.SamplingSettings;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.UsageException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
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
        ExecutorGenerator generator = ExecutorGenerator.forModel(context, model,
                ExecutorGenerator.tokenizerPath(model, c.getIsNull("tokenizer") ? null : c.getString("tokenizer")));
        SamplingSettings settings = GenerationSettings.from(c, generator.tokenizer());
        int samples = c.getInt("samples");
        if (samples < 1) {
            throw new UsageException("samples must be at least 1, got " + samples);
        }

        Dataset<Row> records = CorpusInput.read(context).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> results = generator.complete(records.filter(col("error").isNull()).select("id", "text"), settings,
                samples).persist(StorageLevel.MEMORY_AND_DISK());

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
        context.writeJson("stats.json", stats);
        context.count("new_tokens", tokens);
    }
}
