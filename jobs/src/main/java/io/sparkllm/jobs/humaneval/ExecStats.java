package io.sparkllm.jobs.humaneval;

import io.sparkllm.runtime.JobContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

/**
 * humaneval-exec's scores: per problem n (samples) and c (passed) with pass@k, written as
 * {@code per_problem/}; per language the status counts and the mean pass@k, in {@code stats.json}.
 */
final class ExecStats {
    private ExecStats() {
    }

    static void write(JobContext context, Dataset<Row> results, List<Integer> ks, String sandbox, double seconds)
            throws IOException {
        List<ProblemScore> scores = ProblemScores.of(results, ks);
        ProblemScores.table(context.spark(), scores).coalesce(1).write()
                .parquet(context.staging("per_problem").toString());
        Map<String, List<ProblemScore>> perLanguage = new TreeMap<>();
        scores.forEach(s -> perLanguage.computeIfAbsent(s.language(), k -> new ArrayList<>()).add(s));

        Map<String, Map<String, Long>> statuses = new TreeMap<>();
        Map<String, Double> programSeconds = new TreeMap<>();
        for (Row r : results.groupBy("language", "status").agg(count(lit(1)), sum("millis")).collectAsList()) {
            statuses.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
            programSeconds.merge(r.getString(0), r.getLong(3) / 1000.0, Double::sum);
        }
        Map<String, Object> languages = new TreeMap<>();
        long samples = 0;
        for (Map.Entry<String, List<ProblemScore>> e : perLanguage.entrySet()) {
            Map<String, Object> lang = new LinkedHashMap<>();
            long n = e.getValue().stream().mapToLong(ProblemScore::samples).sum();
            samples += n;
            lang.put("problems", e.getValue().size());
            lang.put("samples", n);
            lang.put("status", statuses.get(e.getKey()));
            lang.put("program_seconds", programSeconds.get(e.getKey())); // wall time of its steps, all samples
            lang.put("pass_at_k", ProblemScores.meanPassAtK(e.getValue(), ks));
            languages.put(e.getKey(), lang);
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("samples", samples);
        stats.put("sandbox", sandbox);
        stats.put("seconds", seconds);
        stats.put("programs_per_second", samples / Math.max(seconds, 1e-9));
        stats.put("languages", languages);
        context.writeJson("stats.json", stats);
    }
}
