package io.sparkllm.jobs.eval.humaneval;

import com.typesafe.config.Config;
import io.sparkllm.datasets.humaneval.SampleLineParser;
import io.sparkllm.jobs.io.CorpusReader;
import io.sparkllm.jobs.io.HadoopConf;
import io.sparkllm.jobs.io.InputFiles;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.UsageException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.when;

/**
 * Completions produced elsewhere ({@code --samples}): HumanEval-X-format JSONL (or Parquet) read
 * line by line, so a broken line is quarantined with its file, line and reason. A readable sample
 * whose task is not in the problem table is rejected ({@code unknown_task}), and so is one whose
 * task the run leaves out ({@code not_selected}: another language, or past problems-per-language).
 * A task's samples are numbered in file and line order.
 */
final class SubmittedSamples {
    private SubmittedSamples() {
    }

    static SampleSet read(JobContext context, Dataset<Row> selected, Dataset<Row> allProblems) throws IOException {
        Config c = context.config();
        InputFiles.Listing files = InputFiles.list(c.getStringList("samples"), "auto", context.hadoopConf());
        if (!files.text().isEmpty()) {
            throw new UsageException("samples: " + files.text().get(0) + " is neither JSONL (.jsonl, .json, .ndjson, "
                    + "optionally .gz or .zst) nor Parquet");
        }
        Dataset<Row> records = CorpusReader.readRecords(context.spark(), files,
                new SampleLineParser(c.getLong("max-sample-bytes"), c.getInt("quarantine-excerpt-bytes")),
                new HadoopConf(context.hadoopConf())).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> quarantine = records.filter(col("error").isNotNull())
                .select("file", "line", "offset", "error", "raw");
        Dataset<Row> readable = records.filter(col("error").isNull())
                .select(col("file"), col("line"), col("offset"), col("id").as("task_id"), col("lang").as("language"),
                        col("text").as("completion"));

        Dataset<Row> tagged = withKeys(withKeys(readable, selected, "selected"), allProblems, "known")
                .withColumn("rule", when(col("selected"), lit(null).cast("string"))
                        .when(col("known"), "not_selected").otherwise("unknown_task"));
        Dataset<Row> rejected = tagged.filter(col("rule").isNotNull()).select(col("task_id"), col("language"),
                col("rule"), lit(null).cast("long").as("value"), col("file"), col("line"), col("completion"));
        Column inInputOrder = row_number().over(Window.partitionBy("language", "task_id")
                .orderBy(col("file"), col("line"), col("offset"), sha2(col("completion"), 256), col("completion")));
        Dataset<Row> samples = tagged.filter(col("rule").isNull()).select(col("task_id"), col("language"),
                inInputOrder.minus(1).as("sample"), col("completion"), lit(null).cast("string").as("finish_reason"),
                col("file"), col("line"));
        return new SampleSet(records.count(), samples, rejected, quarantine, records);
    }

    /** The rows with a boolean column {@code flag}: whether the problems hold the row's (language, task_id). */
    private static Dataset<Row> withKeys(Dataset<Row> rows, Dataset<Row> problems, String flag) {
        Dataset<Row> keys = problems.select(col("language").as("_language"), col("task_id").as("_task_id"),
                lit(true).as(flag));
        return rows.join(keys, rows.col("language").equalTo(keys.col("_language"))
                        .and(rows.col("task_id").equalTo(keys.col("_task_id"))), "left")
                .drop("_language", "_task_id")
                .withColumn(flag, when(col(flag).isNull(), false).otherwise(true));
    }
}
