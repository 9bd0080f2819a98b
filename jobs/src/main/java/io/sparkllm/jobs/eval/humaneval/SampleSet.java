package io.sparkllm.jobs.eval.humaneval;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The completions a run scores, and what fell out on the way: rejected rows (a known format, but
 * nothing to score: an unknown task, a prompt the model can't take) and quarantined lines
 * (unreadable). Where the samples came from decides which columns are filled.
 *
 * @param read       what came in: lines read (submitted samples) or problems prompted (generation)
 * @param samples    {@link #SAMPLES}
 * @param rejected   {@link #REJECTED}
 * @param quarantine {@link #QUARANTINE}
 * @param cached     the persisted rows the three tables are cut from, released by {@link #release()}
 */
record SampleSet(long read, Dataset<Row> samples, Dataset<Row> rejected, Dataset<Row> quarantine,
                 Dataset<Row> cached) {
    /** finish_reason: from generation (null for submitted samples); file and line: the submitted line (null when generated). */
    static final StructType SAMPLES = new StructType()
            .add("task_id", DataTypes.StringType, false)
            .add("language", DataTypes.StringType, false)
            .add("sample", DataTypes.IntegerType, false)
            .add("completion", DataTypes.StringType, true)
            .add("finish_reason", DataTypes.StringType, true)
            .add("file", DataTypes.StringType, true)
            .add("line", DataTypes.LongType, true);

    /** rule: unknown_task, not_selected, prompt-too-long, empty-prompt; value: the prompt's tokens where measured. */
    static final StructType REJECTED = new StructType()
            .add("task_id", DataTypes.StringType, true)
            .add("language", DataTypes.StringType, true)
            .add("rule", DataTypes.StringType, false)
            .add("value", DataTypes.LongType, true)
            .add("file", DataTypes.StringType, true)
            .add("line", DataTypes.LongType, true)
            .add("completion", DataTypes.StringType, true);

    /** error: "rule: detail"; raw: the start of the line. */
    static final StructType QUARANTINE = new StructType()
            .add("file", DataTypes.StringType, false)
            .add("line", DataTypes.LongType, true)
            .add("offset", DataTypes.LongType, true)
            .add("error", DataTypes.StringType, false)
            .add("raw", DataTypes.StringType, true);

    void release() {
        cached.unpersist();
    }
}
