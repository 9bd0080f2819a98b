package io.sparkllm.jobs.pairs;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * The pairs job's {@code stats.json}: rows in, kept, rejected and quarantined, overall and per
 * split; every rule's seen and dropped counts, overall and per split (a pair failing two rules
 * counts as dropped by each); quarantine reasons. Quarantined rows of a hash split have no split
 * and count under {@code unassigned}.
 */
final class PairStats {
    static final String UNASSIGNED = "unassigned";

    private PairStats() {
    }

    static Map<String, Object> compute(Dataset<Row> all) {
        Column split = coalesce(col("split"), lit(UNASSIGNED));
        Column status = when(col("error").isNotNull(), "quarantined").when(col("passed_all"), "kept")
                .otherwise("rejected");
        Map<String, Long> totals = counts();
        Map<String, Map<String, Object>> splits = new TreeMap<>();
        for (Row r : all.groupBy(split.as("split"), status.as("status")).agg(count(lit(1))).collectAsList()) {
            Map<String, Object> s = splits.computeIfAbsent(r.getString(0), k -> newSplit());
            @SuppressWarnings("unchecked")
            Map<String, Long> pairs = (Map<String, Long>) s.get("pairs");
            pairs.merge(r.getString(1), r.getLong(2), Long::sum);
            pairs.merge("in", r.getLong(2), Long::sum);
            totals.merge(r.getString(1), r.getLong(2), Long::sum);
            totals.merge("in", r.getLong(2), Long::sum);
        }
        Map<String, Map<String, Long>> rules = new TreeMap<>();
        for (Row r : all.filter(col("error").isNull()).select(split.as("split"), explode(col("results")).as("r"))
                .groupBy(col("split"), col("r.rule"))
                .agg(count(lit(1)), sum(when(not(col("r.passed")), 1).otherwise(0))).collectAsList()) {
            long seen = r.getLong(2);
            long dropped = r.getLong(3);
            Map<String, Long> overall = rules.computeIfAbsent(r.getString(1), k -> seenDropped(0, 0));
            overall.merge("seen", seen, Long::sum);
            overall.merge("dropped", dropped, Long::sum);
            @SuppressWarnings("unchecked")
            Map<String, Object> perSplit = (Map<String, Object>) splits.get(r.getString(0)).get("rules");
            perSplit.put(r.getString(1), seenDropped(seen, dropped));
        }
        Map<String, Long> reasons = new TreeMap<>();
        for (Row r : all.filter(col("error").isNotNull()).groupBy(substring_index(col("error"), ":", 1)).count()
                .collectAsList()) {
            reasons.put(r.getString(0), r.getLong(1));
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("pairs", totals);
        stats.put("rules", rules);
        stats.put("splits", splits);
        stats.put("quarantine", reasons);
        return stats;
    }

    private static Map<String, Long> counts() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("in", 0L);
        m.put("kept", 0L);
        m.put("rejected", 0L);
        m.put("quarantined", 0L);
        return m;
    }

    private static Map<String, Object> newSplit() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("pairs", counts());
        s.put("rules", new TreeMap<String, Object>());
        return s;
    }

    private static Map<String, Long> seenDropped(long seen, long dropped) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("seen", seen);
        m.put("dropped", dropped);
        return m;
    }

    @SuppressWarnings("unchecked")
    static long pairs(Map<String, Object> stats, String key) {
        return ((Map<String, Long>) stats.get("pairs")).get(key);
    }
}
