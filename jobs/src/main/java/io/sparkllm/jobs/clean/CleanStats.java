package io.sparkllm.jobs.clean;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.io.OutputStream;
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
 * each), PII redactions by type, quarantine reasons and lines removed by line rules.
 */
final class CleanStats {
    private CleanStats() {
    }

    /** @param all every record read: cleaned documents and quarantined ones, each with its byte size */
    static Map<String, Object> compute(Dataset<Row> all, Dataset<Row> cleaned, Dataset<Row> quarantine) {
        Map<String, Object> stats = new LinkedHashMap<>();
        Row totals = all.agg(count(lit(1)), sum("bytes_in")).first();
        Row out = cleaned.agg(sum(when(col("passed_all"), 1).otherwise(0)),
                sum(when(col("passed_all"), 0).otherwise(1)),
                coalesce(sum(when(col("passed_all"), col("bytes_out"))), lit(0L))).first();
        long quarantined = quarantine.count();
        Map<String, Object> documents = new LinkedHashMap<>();
        documents.put("in", totals.getLong(0));
        documents.put("kept", out.isNullAt(0) ? 0L : out.getLong(0));
        documents.put("rejected", out.isNullAt(1) ? 0L : out.getLong(1));
        documents.put("quarantined", quarantined);
        stats.put("documents", documents);
        Map<String, Object> bytes = new LinkedHashMap<>();
        bytes.put("in", totals.isNullAt(1) ? 0L : totals.getLong(1));
        bytes.put("kept", out.getLong(2));
        stats.put("bytes", bytes);

        Dataset<Row> results = cleaned.select(col("lang"), explode(col("results")).as("r"));
        Map<String, Object> filters = new TreeMap<>();
        for (Row r : results.groupBy(col("r.rule")).agg(count(lit(1)), sum(when(not(col("r.passed")), 1).otherwise(0)))
                .collectAsList()) {
            filters.put(r.getString(0), seenDropped(r.getLong(1), r.getLong(2)));
        }
        stats.put("filters", filters);

        Map<String, Map<String, Object>> languages = new TreeMap<>();
        for (Row r : cleaned.groupBy("lang").agg(count(lit(1)), sum(when(col("passed_all"), 1).otherwise(0)))
                .collectAsList()) {
            Map<String, Object> lang = new LinkedHashMap<>();
            lang.put("seen", r.getLong(1));
            lang.put("kept", r.getLong(2));
            lang.put("filters", new TreeMap<String, Object>());
            languages.put(r.getString(0), lang);
        }
        for (Row r : results.groupBy(col("lang"), col("r.rule"))
                .agg(count(lit(1)), sum(when(not(col("r.passed")), 1).otherwise(0))).collectAsList()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> perRule = (Map<String, Object>) languages.get(r.getString(0)).get("filters");
            perRule.put(r.getString(1), seenDropped(r.getLong(2), r.getLong(3)));
        }
        stats.put("languages", languages);

        stats.put("pii", sums(cleaned.select(explode(col("pii")))));
        stats.put("pii_in_kept", sums(cleaned.filter(col("passed_all")).select(explode(col("pii")))));
        stats.put("lines_removed", sums(cleaned.select(explode(col("lines_removed")))));
        Map<String, Long> reasons = new TreeMap<>();
        for (Row r : quarantine.groupBy(substring_index(col("error"), ":", 1)).count().collectAsList()) {
            reasons.put(r.getString(0), r.getLong(1));
        }
        stats.put("quarantine", reasons);
        return stats;
    }

    private static Map<String, Long> sums(Dataset<Row> exploded) {
        Map<String, Long> result = new TreeMap<>();
        for (Row r : exploded.groupBy("key").agg(sum("value")).collectAsList()) {
            result.put(r.getString(0), r.getLong(1));
        }
        return result;
    }

    private static Map<String, Long> seenDropped(long seen, long dropped) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("seen", seen);
        m.put("dropped", dropped);
        return m;
    }

    static void write(Map<String, Object> stats, FileSystem fs, Path file) throws IOException {
        try (FSDataOutputStream out = fs.create(file, true)) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue((OutputStream) out, stats);
        }
    }
}
