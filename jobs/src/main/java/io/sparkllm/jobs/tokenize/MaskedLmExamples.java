package io.sparkllm.jobs.tokenize;

import io.sparkllm.datasets.text.Hash64;
import io.sparkllm.runtime.JobContext;
import org.apache.spark.api.java.function.FlatMapFunction;
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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Masked-LM + next-sentence examples for BERT: {@link MaskedLmInstances} cuts each document into
 * segment pairs; for half of them (seeded) segment B is replaced by the B of the next instance in
 * a seeded-hash order (another document's text, found with a window over hash buckets, never by
 * collecting); then {@link MaskedTokens} masks 15% of the tokens of [CLS] A [SEP] B [SEP].
 */
final class MaskedLmExamples {
    static final StructType SEGMENTS = new StructType()
            .add("doc", DataTypes.StringType, false)
            .add("index", DataTypes.IntegerType, false)
            .add("order", DataTypes.LongType, false)
            .add("a", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("b", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("random_next", DataTypes.BooleanType, false);
    static final StructType EXAMPLES = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("split", DataTypes.StringType, false)
            .add("order", DataTypes.LongType, false)
            .add("input_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("token_type_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("masked_positions", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("masked_labels", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("next_sentence_label", DataTypes.IntegerType, false);

    /** The special ids and sizes the examples need. */
    record Settings(int cls, int sep, int mask, int vocabSize, int seqLen, double maskProbability,
                    double validFraction, long seed) implements java.io.Serializable {
    }

    record Counts(Map<String, Object> stats, Map<String, Long> examples) {
    }

    private MaskedLmExamples() {
    }

    static Counts write(JobContext context, Dataset<Row> documents, String tokenizerKey, Broadcast<byte[]> tokenizerJson,
                        Settings s, int files) throws Exception {
        int maxTokens = s.seqLen() - 3;
        Dataset<Row> segments = documents.select("id", "text").flatMap((FlatMapFunction<Row, Row>) r -> {
            var tokenizer = ExecutorTokenizers.of(tokenizerKey, tokenizerJson.value());
            String doc = r.getString(0);
            SplittableRandom random = new SplittableRandom(Hash64.mix(Hash64.of(doc) ^ s.seed()));
            List<Row> out = new ArrayList<>();
            List<MaskedLmInstances.Instance> instances = MaskedLmInstances.of(r.getString(1),
                    sentence -> tokenizer.encode(sentence, false), maxTokens, random);
            for (int i = 0; i < instances.size(); i++) {
                MaskedLmInstances.Instance x = instances.get(i);
                out.add(RowFactory.create(doc, i, Hash64.mix(Hash64.of(doc) + i * 0x9E3779B97F4A7C15L ^ s.seed()),
                        x.a(), x.b(), x.wantsRandomNext()));
            }
            return out.iterator();
        }, Encoders.row(SEGMENTS));
        // The next instance in seeded-hash order (within one of 64 buckets) lends its B for random pairs.
        var next = Window.partitionBy(pmod(col("order"), lit(64))).orderBy("order", "doc", "index");
        Dataset<Row> paired = segments.withColumn("partner_doc", lead("doc", 1).over(next))
                .withColumn("partner_b", lead("b", 1).over(next));
        Dataset<Row> examples = paired.map((MapFunction<Row, Row>) r -> example(r, s), Encoders.row(EXAMPLES))
                .persist(StorageLevel.MEMORY_AND_DISK());

        Map<String, Long> counts = new TreeMap<>();
        Map<String, Object> perSplit = new TreeMap<>();
        for (Row r : examples.groupBy("split").agg(count(lit(1)), sum(size(col("input_ids"))),
                sum(size(col("masked_positions"))), sum(col("next_sentence_label"))).collectAsList()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("examples", r.getLong(1));
            m.put("tokens", r.getLong(2));
            m.put("masked_tokens", r.getLong(3));
            m.put("random_next", r.getLong(4));
            perSplit.put(r.getString(0), m);
            counts.put(r.getString(0), r.getLong(1));
        }
        for (String split : counts.keySet()) {
            examples.filter(col("split").equalTo(split)).drop("split")
                    .repartition(files, pmod(xxhash64(col("id")), lit(files))).sortWithinPartitions("order", "id")
                    .write().parquet(context.staging(split).toString());
        }
        examples.unpersist();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("splits", perSplit);
        stats.put("seq_len", s.seqLen());
        stats.put("mask_probability", s.maskProbability());
        return new Counts(stats, counts);
    }

    /** One example from a segment row carrying its partner's document and B. */
    private static Row example(Row r, Settings s) {
        String doc = r.getString(0);
        int index = r.getInt(1);
        long order = r.getLong(2);
        int[] a = ints(r.getList(3));
        int[] b = ints(r.getList(4));
        int label = 0;
        String partner = r.isNullAt(6) ? null : r.getString(6);
        if (r.getBoolean(5) && partner != null && !partner.equals(doc)) {
            int[] other = ints(r.getList(7));
            b = java.util.Arrays.copyOf(other, Math.min(other.length, s.seqLen() - 3 - a.length));
            label = b.length > 0 ? 1 : 0;
            if (label == 0) {
                b = ints(r.getList(4));
            }
        }
        int length = a.length + b.length + 3;
        int[] ids = new int[length];
        int[] types = new int[length];
        boolean[] special = new boolean[length];
        ids[0] = s.cls();
        special[0] = true;
        System.arraycopy(a, 0, ids, 1, a.length);
        ids[a.length + 1] = s.sep();
        special[a.length + 1] = true;
        System.arraycopy(b, 0, ids, a.length + 2, b.length);
        ids[length - 1] = s.sep();
        special[length - 1] = true;
        for (int i = a.length + 2; i < length; i++) {
            types[i] = 1;
        }
        SplittableRandom random = new SplittableRandom(Hash64.mix(order ^ s.seed() ^ 0x5DEECE66DL));
        MaskedTokens.Masked masked = MaskedTokens.mask(ids, special, s.maskProbability(), s.mask(), s.vocabSize(), random);
        long docHash = Hash64.mix(Hash64.of(doc) ^ s.seed());
        boolean valid = Long.compareUnsigned(docHash, (long) (s.validFraction() * 0x1p63) << 1) < 0;
        return RowFactory.create(doc + "#" + index, valid ? "valid" : "train", order, masked.input(), types,
                masked.positions(), masked.labels(), label);
    }

    private static int[] ints(List<Integer> values) {
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
