package io.sparkllm.jobs.tokenize;

import io.sparkllm.datasets.text.Hash64;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.UsageException;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Sequence-classification examples: each record's text and its label (any column, read as a
 * string). Labels are numbered in sorted order over the whole input (written as labels.json, so
 * train and eval agree on them). A BERT vocabulary (one with {@code cls-token}) frames the ids as
 * [CLS] text [SEP], the classifier reading [CLS]; any other ends them with {@code eos-token}, the
 * step a decoder classifies from. Texts longer than seq-len are cut before the closing token.
 * Records without text or label go to rejected/, unparseable lines to quarantine/.
 */
final class ClassificationExamples {
    static final StructType ENCODED = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("split", DataTypes.StringType, false)
            .add("order", DataTypes.LongType, false)
            .add("input_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), true)
            .add("label", DataTypes.IntegerType, false)
            .add("label_name", DataTypes.StringType, true)
            .add("truncated", DataTypes.BooleanType, false)
            .add("rule", DataTypes.StringType, true);

    /** {@code open} is [CLS] or -1; {@code close} is [SEP] or EOS. */
    record Settings(String textField, String labelField, int open, int close, int seqLen, double validFraction, long seed)
            implements Serializable {
    }

    record Counts(Map<String, Object> stats, Map<String, Long> examples, List<String> labels, long read, long rejected,
                  long quarantined) {
    }

    private ClassificationExamples() {
    }

    static Counts write(JobContext context, List<String> input, String tokenizerKey, Broadcast<byte[]> tokenizerJson,
                        Settings s, int files) {
        JsonRecords records = JsonRecords.read(context, input);
        for (String field : List.of(s.textField(), s.labelField())) {
            if (!records.has(field)) {
                throw new UsageException("tokenize classify: the input has no '" + field + "' field: " + String.join(", ", input));
            }
        }
        Column id = records.has("id") ? col("id").cast("string") : lit(null).cast("string");
        Dataset<Row> rows = records.parsed().select(id.as("id"), col(s.textField()).cast("string").as("text"),
                col(s.labelField()).cast("string").as("label"));
        List<String> labels = new ArrayList<>();
        for (Row r : rows.filter(col("label").isNotNull()).select("label").distinct().orderBy("label").collectAsList()) {
            labels.add(r.getString(0));
        }
        Map<String, Integer> index = new java.util.HashMap<>();
        labels.forEach(l -> index.put(l, index.size()));
        Dataset<Row> encoded = rows.map((MapFunction<Row, Row>) r -> encode(r, s, index,
                ExecutorTokenizers.of(tokenizerKey, tokenizerJson.value())), Encoders.row(ENCODED))
                .persist(StorageLevel.MEMORY_AND_DISK());

        Dataset<Row> kept = encoded.filter(col("rule").isNull());
        Map<String, Long> counts = new TreeMap<>();
        Map<String, Object> perSplit = new TreeMap<>();
        for (Row r : kept.groupBy("split", "label_name").agg(count(lit(1))).collectAsList()) {
            @SuppressWarnings("unchecked")
            Map<String, Long> byLabel = (Map<String, Long>) perSplit.computeIfAbsent(r.getString(0), k -> new TreeMap<>());
            byLabel.put(r.getString(1), r.getLong(2));
            counts.merge(r.getString(0), r.getLong(2), Long::sum);
        }
        for (String split : List.of("train", "valid")) {
            kept.filter(col("split").equalTo(split)).select("id", "order", "input_ids", "label", "label_name")
                    .repartition(files, pmod(xxhash64(col("id")), lit(files))).sortWithinPartitions("order", "id")
                    .write().parquet(context.staging(split).toString());
        }
        Dataset<Row> rejected = encoded.filter(col("rule").isNotNull()).select("id", "rule").orderBy("id");
        rejected.write().parquet(context.staging("rejected").toString());
        long quarantined = records.writeQuarantine(context);
        long rejectedCount = rejected.count();
        long truncated = kept.filter(col("truncated")).count();
        long read = encoded.count() + quarantined;
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("examples_in", read);
        stats.put("labels", labels);
        stats.put("splits", perSplit);
        stats.put("truncated", truncated);
        stats.put("rejected", rejectedCount);
        stats.put("quarantined", quarantined);
        encoded.unpersist();
        return new Counts(stats, counts, labels, read, rejectedCount, quarantined);
    }

    private static Row encode(Row r, Settings s, Map<String, Integer> labels, io.sparkllm.model.tokenizer.Tokenizer tokenizer) {
        String text = r.getString(1);
        String label = r.getString(2);
        String id = r.isNullAt(0) ? "sha-" + Long.toHexString(Hash64.of(text + "\u0000" + label)) : r.getString(0);
        long hash = Hash64.mix(Hash64.of(id) ^ s.seed());
        boolean valid = Long.compareUnsigned(hash, (long) (s.validFraction() * 0x1p63) << 1) < 0;
        String split = valid ? "valid" : "train";
        if (text == null || text.isBlank() || label == null) {
            return RowFactory.create(id, split, hash, null, -1, label, false, text == null || text.isBlank()
                    ? "missing-text" : "missing-label");
        }
        int[] ids = tokenizer.encode(text, false);
        int open = s.open() >= 0 ? 1 : 0;
        int room = s.seqLen() - open - 1;
        int body = Math.min(ids.length, room);
        int[] framed = new int[open + body + 1];
        if (open == 1) {
            framed[0] = s.open();
        }
        System.arraycopy(ids, 0, framed, open, body);
        framed[framed.length - 1] = s.close();
        return RowFactory.create(id, split, Hash64.mix(hash), framed, labels.get(label), label, ids.length > room, null);
    }

    static String labelsJson(List<String> labels) throws java.io.IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Arrays.asList(labels.toArray()));
    }
}
