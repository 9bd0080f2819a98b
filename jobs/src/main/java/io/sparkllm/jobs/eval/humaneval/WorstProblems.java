package io.sparkllm.jobs.eval.humaneval;

import io.sparkllm.jobs.humaneval.ProblemScore;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/** The problems with the lowest pass rate, each with its first failing sample, for the report. */
final class WorstProblems {
    /** Characters of a completion or an error shown in the report. */
    static final int SHOWN_CHARS = 800;

    private WorstProblems() {
    }

    /**
     * @param results {@code results/} rows (task_id, language, sample, status, stderr_excerpt)
     * @param samples {@code samples/} rows (task_id, language, sample, completion)
     */
    static List<HumanEvalReport.WorstProblem> find(List<ProblemScore> scores, Dataset<Row> results, Dataset<Row> samples, int limit) {
        List<ProblemScore> worst = scores.stream().filter(s -> s.passed() < s.samples())
                .sorted(Comparator.comparingDouble((ProblemScore s) -> (double) s.passed() / s.samples())
                        .thenComparing(ProblemScore::language).thenComparingInt(ProblemScore::number))
                .limit(limit).toList();
        if (worst.isEmpty()) {
            return List.of();
        }
        // task ids carry their set's prefix, so they are unique across languages
        Object[] ids = worst.stream().map(ProblemScore::taskId).toArray();
        Dataset<Row> failing = results.filter(col("task_id").isin(ids).and(col("status").notEqual("passed")))
                .select("language", "task_id", "sample", "status", "stderr_excerpt");
        Map<String, Row> firstFailure = new LinkedHashMap<>();
        Dataset<Row> withCompletions = failing.join(samples.select("language", "task_id", "sample", "completion"),
                JavaConverters.asScalaBuffer(List.of("language", "task_id", "sample")).toSeq());
        for (Row r : withCompletions.orderBy("sample").collectAsList()) {
            firstFailure.putIfAbsent(r.getString(r.fieldIndex("task_id")), r);
        }
        return worst.stream().map(s -> {
            Row r = firstFailure.get(s.taskId());
            return new HumanEvalReport.WorstProblem(s.language(), s.taskId(), s.passed(), s.samples(), r.getInt(r.fieldIndex("sample")),
                    r.getString(r.fieldIndex("status")), shown(r.getString(r.fieldIndex("completion"))),
                    shown(r.getString(r.fieldIndex("stderr_excerpt"))));
        }).toList();
    }

    private static String shown(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + " …";
    }
}
