package io.sparkllm.jobs.tokenize;

import io.sparkllm.datasets.text.Hash64;
import io.sparkllm.runtime.JobContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Seq2seq examples for translation from {@code sparkllm pairs} output: source ids end with EOS,
 * target ids are BOS (when the tokenizer has one) + ids + EOS, splits as the pairs job gave them.
 * Examples are grouped by length into buckets of {@code bucketWidth} tokens and each bucket into
 * batches of at most {@code batchTokens} padded tokens, in a seeded-hash order: a trainer reads a
 * batch and pads little.
 */
final class TranslationBatches {
    static final StructType ENCODED = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("split", DataTypes.StringType, false)
            .add("order", DataTypes.LongType, false)
            .add("src_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("tgt_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false);

    /** What a run of it measured, per split. */
    record Counts(Map<String, Object> stats, Map<String, Long> examples) {
    }

    private TranslationBatches() {
    }

    static Counts write(JobContext context, Dataset<Row> pairs, String tokenizerKey, Broadcast<byte[]> tokenizerJson,
                        int bos, int eos, int bucketWidth, int batchTokens, long seed, int files) throws Exception {
        Dataset<Row> encoded = pairs.select("id", "src", "tgt", "split").map((MapFunction<Row, Row>) r -> {
            var tokenizer = ExecutorTokenizers.of(tokenizerKey, tokenizerJson.value());
            int[] src = withEnd(tokenizer.encode(r.getString(1), false), -1, eos);
            int[] tgt = withEnd(tokenizer.encode(r.getString(2), false), bos, eos);
            return RowFactory.create(r.getString(0), r.getString(3), Hash64.mix(Hash64.of(r.getString(0)) ^ seed), src, tgt);
        }, Encoders.row(ENCODED)).persist(StorageLevel.MEMORY_AND_DISK());

        // bucket b holds examples whose longer side has at most (b + 1) * bucketWidth tokens.
        Dataset<Row> bucketed = encoded
                .withColumn("length", greatest(size(col("src_ids")), size(col("tgt_ids"))))
                .withColumn("bucket", floor(col("length").minus(1).divide(bucketWidth)).cast("int"));
        Dataset<Row> batched = bucketed
                .withColumn("per_batch", greatest(lit(1), floor(lit(batchTokens).divide(col("bucket").plus(1).multiply(bucketWidth)))))
                .withColumn("rank", row_number().over(Window.partitionBy("split", "bucket").orderBy("order", "id")).minus(1))
                .withColumn("batch", floor(col("rank").divide(col("per_batch"))).cast("long"))
                .select("id", "src_ids", "tgt_ids", "bucket", "batch", "split");
        Map<String, Long> examples = new TreeMap<>();
        Map<String, Object> perSplit = new TreeMap<>();
        for (Row r : batched.groupBy("split").agg(count(lit(1)), sum(size(col("src_ids"))), sum(size(col("tgt_ids"))),
                max(greatest(size(col("src_ids")), size(col("tgt_ids"))))).collectAsList()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("examples", r.getLong(1));
            s.put("src_tokens", r.getLong(2));
            s.put("tgt_tokens", r.getLong(3));
            s.put("longest", r.getInt(4));
            perSplit.put(r.getString(0), s);
            examples.put(r.getString(0), r.getLong(1));
        }
        for (String split : examples.keySet()) {
            batched.filter(col("split").equalTo(split)).drop("split")
                    .repartition(files, pmod(xxhash64(col("bucket"), col("batch")), lit(files)))
                    .sortWithinPartitions("bucket", "batch", "id")
                    .write().parquet(context.staging(split).toString());
        }
        Map<String, Long> batches = new TreeMap<>();
        for (Row r : batched.groupBy("split").agg(org.apache.spark.sql.functions.countDistinct(col("bucket"), col("batch")))
                .collectAsList()) {
            batches.put(r.getString(0), r.getLong(1));
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("splits", perSplit);
        stats.put("batches", batches);
        stats.put("bucket_width", bucketWidth);
        stats.put("batch_tokens", batchTokens);
        encoded.unpersist();
        return new Counts(stats, examples);
    }

    private static int[] withEnd(int[] ids, int bos, int eos) {
        int start = bos >= 0 ? 1 : 0;
        int[] out = new int[ids.length + start + 1];
        if (bos >= 0) {
            out[0] = bos;
        }
        System.arraycopy(ids, 0, out, start, ids.length);
        out[out.length - 1] = eos;
        return out;
    }
}
