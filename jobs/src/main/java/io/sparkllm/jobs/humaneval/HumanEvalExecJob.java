package io.sparkllm.jobs.humaneval;

import com.typesafe.config.Config;
import io.sparkllm.datasets.humaneval.ExecutionResult;
import io.sparkllm.datasets.humaneval.Language;
import io.sparkllm.datasets.humaneval.Sandbox;
import io.sparkllm.datasets.humaneval.SampleExecutor;
import io.sparkllm.datasets.humaneval.SandboxSettings;
import io.sparkllm.runtime.Job;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.JobFailedException;
import io.sparkllm.runtime.UsageException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * {@code sparkllm humaneval-exec}: runs samples (a problem and a completion) as HumanEval-X does,
 * each in its own sandboxed work directory on a Spark task, and scores them: a results table with
 * each sample's status, stderr excerpt and time, a per-problem table with pass@k, and stats.json
 * with pass@k per language. Without samples it runs the canonical solutions.
 */
public final class HumanEvalExecJob implements Job {
    static final StructType RESULTS = new StructType()
            .add("task_id", DataTypes.StringType).add("language", DataTypes.StringType)
            .add("number", DataTypes.IntegerType).add("sample", DataTypes.IntegerType)
            .add("status", DataTypes.StringType).add("stderr_excerpt", DataTypes.StringType)
            .add("millis", DataTypes.LongType);

    @Override
    public String name() {
        return "humaneval-exec";
    }

    @Override
    public List<String> inputs(Config config) {
        List<String> inputs = new ArrayList<>();
        inputs.add(config.getString("problems"));
        inputs.addAll(config.getStringList("samples"));
        return inputs;
    }

    @Override
    public String output(Config config) {
        return config.getString("output");
    }

    @Override
    public void run(JobContext context) throws Exception {
        Config c = context.config();
        SandboxSettings settings = SandboxConfig.from(c.getConfig("sandbox"));
        String mode = checkedMode(settings);
        context.say("sandbox: " + mode + (mode.equals("bwrap") ? "" : " (no filesystem or network isolation)"));
        String workDir = c.getString("sandbox.work-dir").isEmpty()
                ? System.getProperty("java.io.tmpdir") + "/sparkllm-humaneval" : c.getString("sandbox.work-dir");
        int excerptChars = c.getInt("excerpt-chars");

        Dataset<Row> problems = selectedProblems(context, c);
        long problemCount = problems.count();
        if (problemCount == 0) {
            throw new JobFailedException("humaneval-exec: no problems selected from " + c.getString("problems"));
        }
        Dataset<Row> samples = c.getStringList("samples").isEmpty()
                ? problems.select(col("language"), col("task_id"), lit(0).as("sample"),
                        col("canonical_solution").as("completion"))
                : SampleInput.read(context, c.getStringList("samples"));
        samples.persist(StorageLevel.MEMORY_AND_DISK());
        long sampleCount = samples.count();
        context.recordInput(c.getString("problems"), problemCount);
        if (!c.getStringList("samples").isEmpty()) {
            context.recordInput(String.join(",", c.getStringList("samples")), sampleCount);
        }

        Dataset<Row> joined = samples.join(problems, samples.col("language").equalTo(problems.col("language"))
                .and(samples.col("task_id").equalTo(problems.col("task_id"))), "left")
                .select(samples.col("language"), samples.col("task_id"), samples.col("sample"), col("completion"),
                        col("number"), col("prompt"), col("declaration"), col("canonical_solution"), col("test"),
                        col("example_test"), col("import"), col("test_setup"), col("entry_point"));
        Dataset<Row> unknown = joined.filter(col("number").isNull())
                .select(col("language"), col("task_id"), col("sample"));
        Dataset<Row> runnable = joined.filter(col("number").isNotNull());
        int partitions = c.getInt("partitions") > 0 ? c.getInt("partitions")
                : Math.max(1, context.spark().sparkContext().defaultParallelism() * 4);

        long started = System.nanoTime();
        Dataset<Row> results = runnable.repartition(partitions, col("language"), col("task_id"), col("sample"))
                .mapPartitions(runAll(settings, workDir, excerptChars), org.apache.spark.sql.Encoders.row(RESULTS))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long executed = results.count(); // runs every program, once
        double seconds = (System.nanoTime() - started) / 1e9;

        results.orderBy("language", "number", "sample").drop("number").coalesce(1).write()
                .parquet(context.staging("results").toString());
        long unknownCount = unknown.count();
        unknown.orderBy("language", "task_id", "sample").coalesce(1).write()
                .parquet(context.staging("quarantine").toString());
        if (executed + unknownCount != sampleCount) {
            throw new JobFailedException("humaneval-exec: " + sampleCount + " samples in but " + executed
                    + " run and " + unknownCount + " quarantined");
        }
        ExecStats.write(context, results, c.getIntList("k"), mode, seconds);
        context.recordOutput("results", "results", executed, "kept");
        context.recordOutput("per_problem", "per_problem", problemsWithSamples(results), "data");
        context.recordOutput("quarantine", "quarantine", unknownCount, "quarantined");
        context.count("programs_per_second", executed / Math.max(seconds, 1e-9));
        results.unpersist();
        samples.unpersist();
    }

    /** Fails on the driver, with one line, where the sandbox's tools are missing or its mode is unknown. */
    private static String checkedMode(SandboxSettings settings) {
        try {
            return new Sandbox(settings).mode();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (IllegalStateException e) {
            throw new JobFailedException("humaneval-exec: " + e.getMessage());
        }
    }

    private static long problemsWithSamples(Dataset<Row> results) {
        return results.select("language", "task_id").distinct().count();
    }

    private static Dataset<Row> selectedProblems(JobContext context, Config c) {
        String path = c.getString("problems");
        Path problemsDir = new Path(path, "problems");
        String table;
        try {
            table = context.fileSystem(problemsDir).exists(problemsDir) ? problemsDir.toString() : path;
        } catch (java.io.IOException e) {
            throw new JobFailedException("humaneval-exec: can't read " + path + ": " + e.getMessage());
        }
        Dataset<Row> problems = context.spark().read().parquet(table);
        List<String> languages = c.getStringList("languages");
        if (!languages.isEmpty()) {
            List<String> ids = new ArrayList<>();
            for (String l : languages) {
                try {
                    ids.add(Language.of(l).id());
                } catch (IllegalArgumentException e) {
                    throw new UsageException("languages: " + e.getMessage());
                }
            }
            problems = problems.filter(col("language").isin(ids.toArray()));
        }
        int perLanguage = c.getInt("problems-per-language");
        if (perLanguage > 0) {
            problems = problems.filter(col("number").lt(perLanguage));
        }
        return problems;
    }

    private static MapPartitionsFunction<Row, Row> runAll(SandboxSettings settings, String workDir, int excerptChars) {
        return rows -> {
            SampleExecutor executor = new SampleExecutor(new Sandbox(settings), java.nio.file.Path.of(workDir),
                    excerptChars);
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
