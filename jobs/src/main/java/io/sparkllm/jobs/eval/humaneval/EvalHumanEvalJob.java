package io.sparkllm.jobs.eval.humaneval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.sparkllm.jobs.eval.EvalOutputs;
import io.sparkllm.jobs.humaneval.ProblemScore;
import io.sparkllm.jobs.humaneval.ProblemScores;
import io.sparkllm.jobs.humaneval.ProblemTable;
import io.sparkllm.jobs.humaneval.SandboxedRuns;
import io.sparkllm.runtime.Job;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.JobFailedException;
import io.sparkllm.runtime.UsageException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code sparkllm eval humaneval}: pass@k on HumanEval-X. Completions come from a model (each
 * problem's prompt completed n times on the executors, with each language's stop sequences) or
 * from a samples file made elsewhere; each runs in humaneval-exec's sandbox on the executors.
 * Writes samples/, results/ (status per sample), problems/ (n, c, pass@k per problem),
 * rejected/, quarantine/, metrics.json and report.html.
 */
public final class EvalHumanEvalJob implements Job {
    @Override
    public String name() {
        return "eval-humaneval";
    }

    /** The problems, the samples or the model (and its tokenizer): any of them changes the scores. */
    @Override
    public List<String> inputs(Config config) {
        List<String> inputs = new ArrayList<>();
        inputs.add(config.getString("problems"));
        inputs.addAll(config.getStringList("samples"));
        if (!config.getIsNull("model")) {
            inputs.add(config.getString("model"));
        }
        if (!config.getIsNull("tokenizer")) {
            inputs.add(config.getString("tokenizer"));
        }
        return inputs;
    }

    @Override
    public String output(Config config) {
        return config.getString("output");
    }

    @Override
    public void run(JobContext context) throws Exception {
        Config c = context.config();
        boolean submitted = !c.getStringList("samples").isEmpty();
        if (submitted == !c.getIsNull("model")) {
            throw new UsageException("eval humaneval: set either 'model' (to generate completions) or 'samples' "
                    + "(completions made elsewhere), " + (submitted ? "not both" : "got neither"));
        }
        LanguageStops stops = LanguageStops.from(c);
        SandboxedRuns runs = SandboxedRuns.from(c, name());
        context.say("sandbox: " + runs.mode() + (runs.mode().equals("bwrap") ? "" : " (no filesystem or network isolation)"));
        Dataset<Row> allProblems = ProblemTable.read(context, c.getString("problems"), name());
        Dataset<Row> problems = ProblemTable.select(allProblems, c.getStringList("languages"),
                c.getInt("problems-per-language")).persist(StorageLevel.MEMORY_AND_DISK());
        long problemCount = problems.count();
        if (problemCount == 0) {
            throw new JobFailedException("eval humaneval: no problems selected from " + c.getString("problems"));
        }
        context.recordInput(c.getString("problems"), problemCount);

        SampleSet set = submitted ? SubmittedSamples.read(context, problems, allProblems)
                : GeneratedSamples.generate(context, problems, stops);
        Dataset<Row> samples = set.samples().persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> numbered = samples.join(problems.select("language", "task_id", "number"),
                scala.collection.JavaConverters.asScalaBuffer(List.of("language", "task_id")).toSeq());
        numbered.orderBy("language", "number", "sample").drop("number").coalesce(1).write()
                .parquet(context.staging("samples").toString());
        set.rejected().orderBy("language", "task_id", "file", "line").coalesce(1).write()
                .parquet(context.staging("rejected").toString());
        set.quarantine().orderBy("file", "line", "offset").coalesce(1).write()
                .parquet(context.staging("quarantine").toString());
        long sampleCount = samples.count();
        Map<String, Long> rejected = countsByRule(set.rejected());
        long rejectedCount = rejected.values().stream().mapToLong(Long::longValue).sum();
        long quarantined = set.quarantine().count();
        account(context, set.read(), sampleCount, rejectedCount, quarantined, samples, submitted);

        Dataset<Row> results = runs.run(context, SandboxedRuns.withProblems(samples, problems))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long executed = results.count(); // runs every program, once
        if (executed != sampleCount) {
            throw new JobFailedException("eval humaneval: " + sampleCount + " samples but " + executed + " results");
        }
        results.orderBy("language", "number", "sample").drop("number").coalesce(1).write()
                .parquet(context.staging("results").toString());
        List<Integer> ks = c.getIntList("k");
        List<ProblemScore> scores = ProblemScores.of(results, ks);
        ProblemScores.table(context.spark(), scores).coalesce(1).write().parquet(context.staging("problems").toString());

        ObjectNode metrics = HumanEvalMetrics.of(submitted ? "samples" : "model", scores, statuses(results), ks,
                rejected, quarantined, runs.mode());
        List<HumanEvalReport.WorstProblem> worst = WorstProblems.find(scores, results, samples, c.getInt("worst-problems"));
        EvalOutputs.write(context, metrics, HumanEvalReport.build(title(c, submitted), source(c, submitted), metrics, worst));
        context.recordOutput("results", "results", executed, "data");
        context.recordOutput("problems", "problems", scores.size(), "data");
        metrics.get("pass_at_k").fields().forEachRemaining(e -> context.count(e.getKey(), e.getValue().asDouble()));
        results.unpersist();
        samples.unpersist();
        set.release();
        problems.unpersist();
    }

    /**
     * Submitted samples: lines read = samples + rejected + quarantined. Generation: problems
     * prompted = problems completed + rejected, and each completed problem has its n samples.
     */
    private static void account(JobContext context, long read, long samples, long rejected, long quarantined,
                                Dataset<Row> sampleRows, boolean submitted) {
        Config c = context.config();
        if (submitted) {
            context.recordAccounting(String.join(",", c.getStringList("samples")), "sample_lines", read, "samples",
                    samples, rejected, quarantined);
            return;
        }
        long completed = sampleRows.select("language", "task_id").distinct().count();
        int n = c.getInt("samples-per-problem");
        if (completed + rejected != read || completed * n != samples) {
            throw new IllegalStateException("accounting broke: " + read + " problems prompted, " + completed
                    + " completed and " + rejected + " rejected, " + samples + " samples for n = " + n);
        }
        context.recordInput(c.getString("model"), 1);
        context.recordOutput("samples", "samples", samples, "kept");
        context.recordOutput("rejected", "rejected", rejected, "rejected");
        context.recordOutput("quarantine", "quarantine", 0, "quarantined");
        context.count("problems_in", read);
        context.count("problems_completed", completed);
        context.count("rejected", rejected);
    }

    private static Map<String, Long> countsByRule(Dataset<Row> rejected) {
        Map<String, Long> counts = new TreeMap<>();
        for (Row r : rejected.groupBy("rule").count().collectAsList()) {
            counts.put(r.getString(0), r.getLong(1));
        }
        return counts;
    }

    /** language → status → samples. */
    private static Map<String, Map<String, Long>> statuses(Dataset<Row> results) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (Row r : results.groupBy("language", "status").count().collectAsList()) {
            out.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
        }
        return out;
    }

    private static String title(Config c, boolean submitted) {
        return submitted ? String.join(", ", c.getStringList("samples")) : c.getString("model");
    }

    private static String source(Config c, boolean submitted) {
        if (submitted) {
            return "Completions read from " + String.join(", ", c.getStringList("samples")) + ".";
        }
        return "Completions generated by " + c.getString("model") + ": " + c.getInt("samples-per-problem")
                + " per problem, " + (c.getBoolean("greedy") ? "greedy" : "temperature " + c.getDouble("temperature")
                + ", top-p " + c.getDouble("top-p") + ", top-k " + c.getInt("top-k")) + ", at most "
                + c.getInt("max-new-tokens") + " new tokens.";
    }
}
