package io.sparkllm.jobs.eval.humaneval;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.sparkllm.jobs.generate.ExecutorGenerator;
import io.sparkllm.jobs.generate.GenerationSettings;
import io.sparkllm.model.generate.SamplingSettings;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.UsageException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * Completions of each problem's prompt by a model, through the generate job's executor path (the
 * model loaded once per executor JVM, each completion seeded by task_id and sample number), with
 * the sampling settings of the config and each language's own stop sequences. A prompt the model
 * can't take is rejected ({@code prompt-too-long}, {@code empty-prompt}) with its token count.
 */
final class GeneratedSamples {
    private GeneratedSamples() {
    }

    static SampleSet generate(JobContext context, Dataset<Row> problems, LanguageStops stops) throws Exception {
        Config c = context.config();
        String model = c.getString("model");
        int n = c.getInt("samples-per-problem");
        if (n < 1) {
            throw new UsageException("samples-per-problem must be at least 1, got " + n);
        }
        ExecutorGenerator generator = ExecutorGenerator.forModel(context, model,
                ExecutorGenerator.tokenizerPath(model, c.getIsNull("tokenizer") ? null : c.getString("tokenizer")));
        List<String> languages = problems.select("language").distinct().orderBy("language").collectAsList().stream()
                .map(r -> r.getString(0)).toList();
        int tasks = Math.max(1, context.spark().sparkContext().defaultParallelism() * 4);

        Dataset<Row> completions = null;
        for (String language : languages) {
            SamplingSettings settings = GenerationSettings.from(
                    c.withValue("stop", ConfigValueFactory.fromIterable(stops.stops(language))), generator.tokenizer());
            Dataset<Row> prompts = problems.filter(col("language").equalTo(language))
                    .select(col("task_id").as("id"), col("prompt")).repartition(tasks, col("id"));
            Dataset<Row> done = generator.complete(prompts, settings, n)
                    .withColumn("language", lit(language))
                    .withColumn("completion", closed(stops.closing(language)));
            completions = completions == null ? done : completions.union(done);
        }
        completions = completions.persist(StorageLevel.MEMORY_AND_DISK());

        Dataset<Row> samples = completions.filter(col("rule").isNull()).select(col("id").as("task_id"),
                col("language"), col("sample"), col("completion"), col("finish_reason"),
                lit(null).cast("string").as("file"), lit(null).cast("long").as("line"));
        Dataset<Row> rejected = completions.filter(col("rule").isNotNull()).select(col("id").as("task_id"),
                col("language"), col("rule"), col("prompt_tokens").cast("long").as("value"),
                lit(null).cast("string").as("file"), lit(null).cast("long").as("line"),
                lit(null).cast("string").as("completion"));
        Dataset<Row> quarantine = context.spark().createDataFrame(List.of(), SampleSet.QUARANTINE);
        return new SampleSet(problems.count(), samples, rejected, quarantine, completions);
    }

    /** The completion with the closing text back where a stop sequence cut the function's end off. */
    private static Column closed(String closing) {
        return when(col("finish_reason").equalTo("stop_sequence"), concat(col("completion"), lit(closing)))
                .otherwise(col("completion")).cast(DataTypes.StringType);
    }
}
