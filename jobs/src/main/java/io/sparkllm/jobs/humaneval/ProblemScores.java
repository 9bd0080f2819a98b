package io.sparkllm.jobs.humaneval;

import io.sparkllm.datasets.humaneval.PassAtK;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * pass@k from sample results (columns language, number, task_id, status): per problem with the
 * unbiased estimator, and averaged over problems that have at least k samples.
 */
public final class ProblemScores {
    /** The per-problem table humaneval-exec and eval humaneval write. */
    public static final StructType TABLE = new StructType()
            .add("language", DataTypes.StringType).add("task_id", DataTypes.StringType)
            .add("samples", DataTypes.IntegerType).add("passed", DataTypes.IntegerType)
            .add("pass_at_k", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType));

    private ProblemScores() {
    }

    /** Every problem with results, sorted by language and number. */
    public static List<ProblemScore> of(Dataset<Row> results, List<Integer> ks) {
        List<Row> counts = results.groupBy("language", "number", "task_id")
                .agg(count(lit(1)).as("n"), sum(when(col("status").equalTo("passed"), 1).otherwise(0)).as("c"))
                .orderBy("language", "number").collectAsList();
        List<ProblemScore> scores = new ArrayList<>(counts.size());
        for (Row r : counts) {
            int n = (int) r.getLong(3);
            int c = (int) r.getLong(4);
            Map<String, Double> passAt = new LinkedHashMap<>();
            for (int k : ks.stream().sorted().toList()) {
                if (n >= k) {
                    passAt.put(String.valueOf(k), PassAtK.estimate(n, c, k));
                }
            }
            scores.add(new ProblemScore(r.getString(0), r.getInt(1), r.getString(2), n, c, passAt));
        }
        return scores;
    }

    public static Dataset<Row> table(SparkSession spark, List<ProblemScore> scores) {
        List<Row> rows = new ArrayList<>(scores.size());
        for (ProblemScore s : scores) {
            rows.add(RowFactory.create(s.language(), s.taskId(), s.samples(), s.passed(),
                    scala.collection.JavaConverters.mapAsScalaMap(s.passAtK())));
        }
        return spark.createDataFrame(rows, TABLE);
    }

    /** "pass@k" to the mean over the problems with at least k samples; a k no problem reaches is left out. */
    public static Map<String, Double> meanPassAtK(Collection<ProblemScore> scores, List<Integer> ks) {
        List<int[]> nc = scores.stream().map(s -> new int[] {s.samples(), s.passed()}).toList();
        Map<String, Double> means = new LinkedHashMap<>();
        for (int k : ks.stream().sorted().toList()) {
            double mean = PassAtK.mean(nc, k);
            if (!Double.isNaN(mean)) {
                means.put("pass@" + k, mean);
            }
        }
        return means;
    }
}
