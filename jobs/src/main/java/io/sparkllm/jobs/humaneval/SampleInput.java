package io.sparkllm.jobs.humaneval;

import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.UsageException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.when;

/**
 * Reads samples to run: Parquet, or JSONL where the path names a {@code .jsonl}/{@code .json} file.
 * Columns: {@code task_id} and {@code completion} (or HumanEval-X's {@code generation}); optional
 * {@code language} (else from the task_id prefix) and {@code sample} (else numbered per task in the
 * order of the completions' SHA-256, which no partitioning changes).
 */
final class SampleInput {
    private SampleInput() {
    }

    static Dataset<Row> read(JobContext context, List<String> paths) {
        boolean json = paths.stream().allMatch(p -> p.matches(".*\\.jsonl?(\\.gz)?$"));
        Dataset<Row> raw = json ? context.spark().read().json(paths.toArray(String[]::new))
                : context.spark().read().parquet(paths.toArray(String[]::new));
        List<String> columns = Arrays.asList(raw.columns());
        String completion = columns.contains("completion") ? "completion"
                : columns.contains("generation") ? "generation" : null;
        if (!columns.contains("task_id") || completion == null) {
            throw new UsageException("samples need columns task_id and completion (or generation); "
                    + String.join(",", paths) + " has " + columns);
        }
        Column prefix = lower(regexp_extract(col("task_id"), "^([A-Za-z+]+)/", 1));
        Column fromTaskId = when(prefix.equalTo("javascript"), "js").otherwise(prefix);
        Column language = columns.contains("language")
                ? when(col("language").isNull(), fromTaskId).otherwise(lower(col("language"))) : fromTaskId;
        Dataset<Row> samples = raw.select(language.as("language"), col("task_id"), col(completion).as("completion"),
                columns.contains("sample") ? col("sample").cast("int").as("sample")
                        : org.apache.spark.sql.functions.lit(null).cast("int").as("sample"));
        // language aliases as the problem table names them
        samples = samples.withColumn("language", when(col("language").equalTo("javascript"), "js")
                .when(col("language").equalTo("c++"), "cpp").otherwise(col("language")));
        Column numbered = row_number().over(Window.partitionBy("language", "task_id")
                .orderBy(sha2(col("completion"), 256), col("completion"))).minus(1);
        return samples.withColumn("sample", when(col("sample").isNull(), numbered).otherwise(col("sample")));
    }
}
