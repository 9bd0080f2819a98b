package io.sparkllm.jobs.clean;

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
 * The clean job's {@code stats.json}: documents and bytes in and out, every rule's seen and
 * dropped counts overall and per language (a document failing three rules counts as dropped by
 * each), PII redactions by type, quarantine reasons and lines removed by line rules. Four
 * aggregations over the cached table, each one Spark job.
 */
final class CleanStats {
    private CleanStats() {
    }

    /** @param all every record read: cleaned documents and quarantined ones, each with its byte size */
    static Map<String, Object> compute(Dataset<Row> all) {
        Column quarantined = col("error").isNotNull();
        Column status = when(quarantined, "quarantined").when(col("passed_all"), "kept").otherwise("rejected");
        // passed_all is false for unreadable records, which are counted apart.
        long[] docs = new long[3];
        long bytesIn = 0;
        long bytesKept = 0;
        Map<String, Map<String, Object>> languages = new TreeMap<>();
        for (Row r : all.groupBy(col("lang"), status.as("status"))
                .agg(count(lit(1)), sum("bytes_in"), coalesce(sum("bytes_out"), lit(0L))).collectAsList()) {
            String s = r.getString(1);
            long n = r.getLong(2);
            bytesIn += r.getLong(3);
            docs[s.equals("kept") ? 0 : s.equals("rejected") ? 1 : 2] += n;
            if (s.equals("kept")) {
                bytesKept += r.getLong(4);
            }
            if (!s.equals("quarantined")) {
                Map<String, Object> lang = languages.computeIfAbsent(r.getString(0), k -> newLanguage());
                lang.merge("seen", n, (a, b) -> (Long) a + (Long) b);
                if (s.equals("kept")) {
                    lang.merge("kept", n, (a, b) -> (Long) a + (Long) b);
                }
            }
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        Map<String, Object> documents = new LinkedHashMap<>();
        documents.put("in", docs[0] + docs[1] + docs[2]);
        documents.put("kept", docs[0]);
        documents.put("rejected", docs[1]);
        documents.put("quarantined", docs[2]);
        stats.put("documents", documents);
        Map<String, Object> bytes = new LinkedHashMap<>();
        bytes.put("in", bytesIn);
        bytes.put("kept", bytesKept);
        stats.put("bytes", bytes);

        Dataset<Row> documentsOnly = all.filter(not(quarantined));
        Map<String, Map<String, Long>> filters = new TreeMap<>();
        for (Row r : documentsOnly.select(col("lang"), explode(col("results")).as("r"))
                .groupBy(col("lang"), col("r.rule"))
                .agg(count(lit(1)), sum(when(not(col("r.passed")), 1).otherwise(0))).collectAsList()) {
            long seen = r.getLong(2);
            long dropped = r.getLong(3);
            Map<String, Long> overall = filters.computeIfAbsent(r.getString(1), k -> seenDropped(0, 0));
            overall.merge("seen", seen, Long::sum);
            overall.merge("dropped", dropped, Long::sum);
            @SuppressWarnings("unchecked")
            Map<String, Object> perRule = (Map<String, Object>) languages.get(r.getString(0)).get("filters");
            perRule.put(r.getString(1), seenDropped(seen, dropped));
        }
        stats.put("filters", filters);
        stats.put("languages", languages);

        Map<String, Long> pii = new TreeMap<>();
        Map<String, Long> piiKept = new TreeMap<>();
        Map<String, Long> lines = new TreeMap<>();
        Dataset<Row> counted = documentsOnly.select(lit("pii").as("kind"), col("passed_all"), explode(col("pii")))
                .union(documentsOnly.select(lit("lines").as("kind"), col("passed_all"), explode(col("lines_removed"))));
        for (Row r : counted.groupBy("kind", "key", "passed_all").agg(sum("value")).collectAsList()) {
            long n = r.getLong(3);
            if (r.getString(0).equals("lines")) {
                lines.merge(r.getString(1), n, Long::sum);
                continue;
            }
            pii.merge(r.getString(1), n, Long::sum);
            if (r.getBoolean(2)) {
                piiKept.merge(r.getString(1), n, Long::sum);
            }
        }
        stats.put("pii", pii);
        stats.put("pii_in_kept", piiKept);
        stats.put("lines_removed", lines);

        Map<String, Long> reasons = new TreeMap<>();
        for (Row r : all.filter(quarantined).groupBy(substring_index(col("error"), ":", 1)).count().collectAsList()) {
            reasons.put(r.getString(0), r.getLong(1));
        }
        stats.put("quarantine", reasons);
        return stats;
    }

    private static Map<String, Object> newLanguage() {
        Map<String, Object> lang = new LinkedHashMap<>();
        lang.put("seen", 0L);
        lang.put("kept", 0L);
        lang.put("filters", new TreeMap<String, Object>());
        return lang;
    }

    private static Map<String, Long> seenDropped(long seen, long dropped) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("seen", seen);
        m.put("dropped", dropped);
        return m;
    }

    @SuppressWarnings("unchecked")
    static long documents(Map<String, Object> stats, String key) {
        return (Long) ((Map<String, Object>) stats.get("documents")).get(key);
    }
}
