package io.sparkllm.jobs.humaneval;

import com.typesafe.config.Config;
import io.sparkllm.runtime.Job;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.JobFailedException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
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
        SandboxedRuns runs = SandboxedRuns.from(c, name());
        String mode = runs.mode();
        context.say("sandbox: " + mode + (mode.equals("bwrap") ? "" : " (no filesystem or network isolation)"));

        Dataset<Row> problems = ProblemTable.select(ProblemTable.read(context, c.getString("problems"), name()),
                c.getStringList("languages"), c.getInt("problems-per-language"));
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

        Dataset<Row> joined = SandboxedRuns.withProblems(samples, problems);
        Dataset<Row> unknown = joined.filter(col("number").isNull())
                .select(col("language"), col("task_id"), col("sample"));

        long started = System.nanoTime();
        Dataset<Row> results = runs.run(context, joined).persist(StorageLevel.MEMORY_AND_DISK());
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

    private static long problemsWithSamples(Dataset<Row> results) {
        return results.select("language", "task_id").distinct().count();
    }
}
