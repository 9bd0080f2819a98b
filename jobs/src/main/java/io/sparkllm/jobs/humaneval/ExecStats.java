package io.sparkllm.jobs.humaneval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkllm.datasets.humaneval.PassAtK;
import io.sparkllm.runtime.JobContext;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * humaneval-exec's scores: per problem n (samples) and c (passed) with pass@k, written as
 * {@code per_problem/}; per language the status counts and the mean pass@k, in {@code stats.json}.
 */
final class ExecStats {
    static final StructType PER_PROBLEM = new StructType()
            .add("language", DataTypes.StringType).add("task_id", DataTypes.StringType)
            .add("samples", DataTypes.IntegerType).add("passed", DataTypes.IntegerType)
            .add("pass_at_k", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType));

    private ExecStats() {
    }

    static void write(JobContext context, Dataset<Row> results, List<Integer> ks, String sandbox, double seconds)
            throws IOException {
        List<Row> counts = results.groupBy("language", "number", "task_id")
                .agg(count(lit(1)).as("n"), sum(when(col("status").equalTo("passed"), 1).otherwise(0)).as("c"))
                .orderBy("language", "number").collectAsList();
        Map<String, List<int[]>> perLanguage = new TreeMap<>();
        List<Row> perProblem = new ArrayList<>();
        for (Row r : counts) {
            int n = (int) r.getLong(3);
            int c = (int) r.getLong(4);
            perLanguage.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(new int[] {n, c});
            Map<String, Double> passAt = new TreeMap<>();
            for (int k : ks) {
                if (n >= k) {
                    passAt.put(String.valueOf(k), PassAtK.estimate(n, c, k));
                }
            }
            perProblem.add(RowFactory.create(r.getString(0), r.getString(2), n, c,
                    scala.collection.JavaConverters.mapAsScalaMap(passAt)));
        }
        context.spark().createDataFrame(perProblem, PER_PROBLEM).coalesce(1).write()
                .parquet(context.staging("per_problem").toString());

        Map<String, Map<String, Long>> statuses = new TreeMap<>();
        Map<String, Double> programSeconds = new TreeMap<>();
        for (Row r : results.groupBy("language", "status").agg(count(lit(1)), sum("millis")).collectAsList()) {
            statuses.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
            programSeconds.merge(r.getString(0), r.getLong(3) / 1000.0, Double::sum);
        }
        Map<String, Object> languages = new TreeMap<>();
        long samples = 0;
        for (Map.Entry<String, List<int[]>> e : perLanguage.entrySet()) {
            Map<String, Object> lang = new LinkedHashMap<>();
            long n = e.getValue().stream().mapToLong(p -> p[0]).sum();
            samples += n;
            lang.put("problems", e.getValue().size());
            lang.put("samples", n);
            lang.put("status", statuses.get(e.getKey()));
            lang.put("program_seconds", programSeconds.get(e.getKey())); // wall time of its steps, all samples
            Map<String, Double> passAt = new LinkedHashMap<>();
            for (int k : ks) {
                double mean = PassAtK.mean(e.getValue(), k);
                if (!Double.isNaN(mean)) {
                    passAt.put("pass@" + k, mean);
                }
            }
            lang.put("pass_at_k", passAt);
            languages.put(e.getKey(), lang);
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("samples", samples);
        stats.put("sandbox", sandbox);
        stats.put("seconds", seconds);
        stats.put("programs_per_second", samples / Math.max(seconds, 1e-9));
        stats.put("languages", languages);
        try (FSDataOutputStream out = context.fileSystem(context.staging()).create(context.staging("stats.json"), false)) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue((OutputStream) out, stats);
        }
    }
}
