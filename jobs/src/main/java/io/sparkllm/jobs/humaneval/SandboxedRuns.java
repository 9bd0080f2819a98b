package io.sparkllm.jobs.humaneval;

import com.typesafe.config.Config;
import io.sparkllm.datasets.humaneval.ExecutionResult;
import io.sparkllm.datasets.humaneval.Sandbox;
import io.sparkllm.datasets.humaneval.SampleExecutor;
import io.sparkllm.datasets.humaneval.SandboxSettings;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.JobFailedException;
import io.sparkllm.runtime.UsageException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.Iterator;

import static org.apache.spark.sql.functions.col;

/**
 * Runs samples (a problem and a completion) on Spark tasks, each in its own sandboxed work
 * directory, as HumanEval-X's harness builds them. Reads the keys humaneval-exec and eval
 * humaneval share: {@code sandbox { ... }}, {@code excerpt-chars} and {@code partitions}.
 */
public final class SandboxedRuns implements Serializable {
    /** One row per sample run; {@code number} is the problem's, for sorting. */
    public static final StructType RESULTS = new StructType()
            .add("task_id", DataTypes.StringType).add("language", DataTypes.StringType)
            .add("number", DataTypes.IntegerType).add("sample", DataTypes.IntegerType)
            .add("status", DataTypes.StringType).add("stderr_excerpt", DataTypes.StringType)
            .add("millis", DataTypes.LongType);

    private final SandboxSettings settings;
    private final String mode;
    private final String workDir;
    private final int excerptChars;
    private final int partitions;

    private SandboxedRuns(SandboxSettings settings, String mode, String workDir, int excerptChars, int partitions) {
        this.settings = settings;
        this.mode = mode;
        this.workDir = workDir;
        this.excerptChars = excerptChars;
        this.partitions = partitions;
    }

    /** Fails on the driver, with one line naming the job, where the sandbox's tools are missing or its mode is unknown. */
    public static SandboxedRuns from(Config c, String job) {
        SandboxSettings settings = SandboxConfig.from(c.getConfig("sandbox"));
        String mode;
        try {
            mode = new Sandbox(settings).mode();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (IllegalStateException e) {
            throw new JobFailedException(job + ": " + e.getMessage());
        }
        String workDir = c.getString("sandbox.work-dir").isEmpty()
                ? System.getProperty("java.io.tmpdir") + "/sparkllm-humaneval" : c.getString("sandbox.work-dir");
        return new SandboxedRuns(settings, mode, workDir, c.getInt("excerpt-chars"), c.getInt("partitions"));
    }

    /** bwrap, or limits-only (no filesystem or network isolation). */
    public String mode() {
        return mode;
    }

    /**
     * Samples (language, task_id, sample, completion) beside their problems' columns; {@code number}
     * is null where the problem table has no such task.
     */
    public static Dataset<Row> withProblems(Dataset<Row> samples, Dataset<Row> problems) {
        return samples.join(problems, samples.col("language").equalTo(problems.col("language"))
                        .and(samples.col("task_id").equalTo(problems.col("task_id"))), "left")
                .select(samples.col("language"), samples.col("task_id"), samples.col("sample"), col("completion"),
                        col("number"), col("prompt"), col("declaration"), col("canonical_solution"), col("test"),
                        col("example_test"), col("import"), col("test_setup"), col("entry_point"));
    }

    /** Runs each sample of {@link #withProblems} whose problem is known; one {@link #RESULTS} row each. */
    public Dataset<Row> run(JobContext context, Dataset<Row> samplesWithProblems) {
        int tasks = partitions > 0 ? partitions : Math.max(1, context.spark().sparkContext().defaultParallelism() * 4);
        return samplesWithProblems.filter(col("number").isNotNull())
                .repartition(tasks, col("language"), col("task_id"), col("sample"))
                .mapPartitions(runAll(), Encoders.row(RESULTS));
    }

    private MapPartitionsFunction<Row, Row> runAll() {
        SandboxSettings sandbox = settings;
        String root = workDir;
        int excerpt = excerptChars;
        return rows -> {
            SampleExecutor executor = new SampleExecutor(new Sandbox(sandbox), java.nio.file.Path.of(root), excerpt);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    Row r = rows.next();
                    try {
                        ExecutionResult result = executor.execute(ProblemTable.fromRow(r),
                                r.getString(r.fieldIndex("completion")));
                        return RowFactory.create(r.getString(r.fieldIndex("task_id")),
                                r.getString(r.fieldIndex("language")), r.getInt(r.fieldIndex("number")),
                                r.getInt(r.fieldIndex("sample")), result.status().id(), result.excerpt(),
                                result.millis());
                    } catch (Exception e) {
                        throw new IllegalStateException("sandbox failed on " + r.getString(r.fieldIndex("task_id"))
                                + ": " + e, e);
                    }
                }
            };
        };
    }
}
