package io.sparkllm.jobs.dedup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import io.sparkllm.datasets.dedup.MinHash;
import io.sparkllm.datasets.dedup.Shingles;
import io.sparkllm.jobs.io.CorpusInput;
import io.sparkllm.jobs.CorpusJob;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.UsageException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.collection.JavaConverters;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * {@code sparkllm dedup}: near-duplicate removal with MinHash LSH. Each document's shingles get a
 * b×r-row signature; documents sharing a band bucket are linked to the bucket's smallest node
 * (no pair lists, so a huge bucket costs a join, not memory), optionally checked by exact
 * Jaccard; connected components of the links (large-star / small-star on Spark) are the
 * clusters, and each keeps its member with the smallest stable id hash.
 */
public final class DedupJob extends CorpusJob {
    static final StructType SIGNATURE_ROWS = new StructType()
            .add("node", DataTypes.LongType, false)
            .add("signature", DataTypes.createArrayType(DataTypes.LongType, false), false);
    static final StructType SIGNATURES = new StructType()
            .add("node", DataTypes.LongType, false)
            .add("band", DataTypes.IntegerType, false)
            .add("bucket", DataTypes.LongType, false);

    @Override
    public String name() {
        return "dedup";
    }

    @Override
    public void run(JobContext context) throws Exception {
        Config c = context.config();
        Shingles shingles = new Shingles(unit(c.getString("shingles.unit")), c.getInt("shingles.size"));
        int bands = c.getInt("minhash.bands");
        int rows = c.getInt("minhash.rows");
        if (!c.getIsNull("minhash.threshold")) {
            int[] chosen = MinHash.forThreshold(c.getDouble("minhash.threshold"), bands * rows);
            bands = chosen[0];
            rows = chosen[1];
            context.say("threshold " + c.getDouble("minhash.threshold") + ": " + bands + " bands x " + rows + " rows");
        }
        MinHash minHash = new MinHash(bands, rows, c.getLong("minhash.seed"));
        String verify = c.getString("verify");
        if (!verify.equals("none") && !verify.equals("exact")) {
            throw new UsageException("verify must be none or exact, got '" + verify + "'");
        }

        // Cached as read, so counting the unreadable records doesn't read the input a second time.
        Dataset<Row> records = CorpusInput.read(context).persist(StorageLevel.MEMORY_AND_DISK());
        long quarantined = records.filter(col("error").isNotNull()).count();
        Dataset<Row> documents = records.filter(col("error").isNull()).withColumn("node", xxhash64(col("id")));
        if (quarantined > 0) {
            context.say(quarantined + " unreadable records skipped (run clean first to see them)");
        }

        // Signatures are computed once: band buckets and the similarity estimates both read them.
        Dataset<Row> signatures = documents.select("node", "text").map((MapFunction<Row, Row>) r ->
                RowFactory.create(r.getLong(0), minHash.signature(shingles.of(r.getString(1)))),
                Encoders.row(SIGNATURE_ROWS)).persist(StorageLevel.MEMORY_AND_DISK());
        // With earlier signature indexes, their documents join the graph without being read or hashed again.
        List<String> indexes = c.getStringList("index");
        Dataset<Row> ids = documents.select(col("node"), col("id"));
        Dataset<Row> allSignatures = signatures;
        Dataset<Row> allIds = ids;
        Dataset<Row> old = null;
        if (!indexes.isEmpty()) {
            if (verify.equals("exact")) {
                throw new UsageException("verify = exact needs every document's text; an index holds signatures only");
            }
            old = context.spark().read().parquet(JavaConverters.asScalaBuffer(indexes).toSeq())
                    .select("node", "id", "signature", "kept");
            allSignatures = signatures.union(old.select("node", "signature"));
            allIds = ids.union(old.select("node", "id"));
        }
        int bandCount = bands;
        Dataset<Row> buckets = allSignatures.flatMap((FlatMapFunction<Row, Row>) r -> {
            long[] signature = longs(r, 1);
            List<Row> out = new ArrayList<>(bandCount);
            for (int b = 0; b < bandCount; b++) {
                out.add(RowFactory.create(r.getLong(0), b, minHash.bandKey(signature, b)));
            }
            return out.iterator();
        }, Encoders.row(SIGNATURES));

        // Bucket sizes decide which buckets are split: oversized ones become chunks of about max-bucket-size.
        int cap = c.getInt("max-bucket-size");
        Dataset<Row> sizes = buckets.groupBy("band", "bucket").agg(count(lit(1)).as("size"))
                .filter(col("size").gt(1));
        Row oversized = sizes.filter(col("size").gt(cap)).agg(count(lit(1)), max("size")).first();
        Dataset<Row> members = buckets.join(sizes, new String[] {"band", "bucket"})
                .withColumn("chunk", when(col("size").gt(cap), pmod(col("node"), ceil(col("size").divide(cap))))
                        .otherwise(lit(0L)));
        Dataset<Row> centres = members.groupBy("band", "bucket", "chunk").agg(min("node").as("centre"));
        Dataset<Row> links = members.join(centres, new String[] {"band", "bucket", "chunk"})
                .filter(col("node").notEqual(col("centre")))
                .select(col("node").as("src"), col("centre").as("dst")).distinct();
        if (verify.equals("exact")) {
            links = exactlyVerified(context, links, documents, shingles, c.getDouble("verify-threshold"));
        }
        long candidateLinks = links.count();
        Map<String, Object> incrementalStats = new LinkedHashMap<>();

        ConnectedComponents.Result components = ConnectedComponents.of(links, c.getInt("max-iterations"));
        Dataset<Row> labels = components.labels().persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> representatives = allIds.select(col("node").as("label"), col("id").as("representative_id"));
        Dataset<Row> duplicates = labels.filter(col("node").notEqual(col("label")))
                .join(ids, "node")
                .join(representatives, "label")
                .select(col("id"), col("label").as("cluster_id"), col("representative_id"), col("node"));
        duplicates = withEstimatedSimilarity(duplicates, allSignatures);

        int files = c.getInt("output-files");
        Dataset<Row> kept = documents.join(duplicates.select("node"), documents.col("node").equalTo(duplicates.col("node")),
                "left_anti").drop("node");
        Column[] keptOrder = {col("file"), col("line"), col("id")};
        kept.repartition(files, pmod(xxhash64(keptOrder), lit(files))).sortWithinPartitions(keptOrder)
                .select("id", "text", "lang", "file", "line", "meta")
                .withColumnRenamed("file", "source")
                .write().parquet(context.staging("kept").toString());
        duplicates.drop("node").repartition(files, pmod(xxhash64(col("id")), lit(files))).sortWithinPartitions("id")
                .write().parquet(context.staging("duplicates").toString());
        // This batch's signature index, for later incremental runs.
        signatures.join(ids, "node")
                .join(duplicates.select(col("node"), lit(false).as("kept")), new String[] {"node"}, "left")
                .withColumn("kept", org.apache.spark.sql.functions.coalesce(col("kept"), lit(true)))
                .select("node", "id", "signature", "kept")
                .repartition(files, pmod(col("node"), lit(files))).sortWithinPartitions("node")
                .write().parquet(context.staging("index").toString());
        long retracted = 0;
        if (old != null) {
            // Documents an earlier run kept that this batch's documents now outrank.
            old.filter(col("kept")).join(labels.filter(col("node").notEqual(col("label"))), "node")
                    .join(representatives, "label")
                    .select(col("id"), col("label").as("cluster_id"), col("representative_id"))
                    .repartition(files, pmod(xxhash64(col("id")), lit(files))).sortWithinPartitions("id")
                    .write().parquet(context.staging("retracted").toString());
            retracted = context.spark().read().parquet(context.staging("retracted").toString()).count();
            incrementalStats.put("index_documents", old.count());
            incrementalStats.put("retracted", retracted);
        }

        long in = documents.count();
        long keptCount = context.spark().read().parquet(context.staging("kept").toString()).count();
        long removed = context.spark().read().parquet(context.staging("duplicates").toString()).count();
        if (keptCount + removed != in) {
            throw new IllegalStateException("accounting broke: " + in + " documents but kept " + keptCount
                    + " + duplicates " + removed);
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("documents", in);
        stats.putAll(incrementalStats);
        stats.put("unreadable_skipped", quarantined);
        stats.put("kept", keptCount);
        stats.put("duplicates", removed);
        stats.put("removed_fraction", in == 0 ? 0.0 : (double) removed / in);
        stats.put("bands", bands);
        stats.put("rows", rows);
        stats.put("candidate_links", candidateLinks);
        stats.put("components_rounds", components.rounds());
        stats.put("oversized_buckets", oversized.getLong(0));
        stats.put("largest_bucket", oversized.isNullAt(1) ? 0L : oversized.getLong(1));
        Map<String, Long> histogram = new TreeMap<>((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        long clusters = 0;
        for (Row r : labels.groupBy("label").agg(count(lit(1)).as("size")).groupBy("size").count().collectAsList()) {
            histogram.put(String.valueOf(r.getLong(0)), r.getLong(1));
            clusters += r.getLong(1);
        }
        stats.put("clusters", clusters);
        stats.put("cluster_sizes", histogram);
        try (FSDataOutputStream out = context.fileSystem(context.staging()).create(context.staging("stats.json"), false)) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue((OutputStream) out, stats);
        }
        context.recordInput(String.join(",", c.getStringList("input")), in + quarantined);
        context.recordOutput("kept", "kept", keptCount, "kept");
        context.recordOutput("duplicates", "duplicates", removed, "rejected");
        context.count("clusters", clusters);
        context.count("oversized_buckets", oversized.getLong(0));
        signatures.unpersist();
        labels.unpersist();
        records.unpersist();
    }

    private static Shingles.Unit unit(String unit) {
        try {
            return Shingles.Unit.valueOf(unit.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("shingles.unit must be word or char, got '" + unit + "'");
        }
    }

    /** Keeps the links whose two documents' exact shingle Jaccard reaches the threshold. */
    private static Dataset<Row> exactlyVerified(JobContext context, Dataset<Row> links, Dataset<Row> documents,
                                                Shingles shingles, double threshold) {
        context.spark().udf().register("sparkllm_jaccard", (UDF2<String, String, Double>) (a, b) ->
                Shingles.jaccard(shingles.of(a), shingles.of(b)), DataTypes.DoubleType);
        Dataset<Row> texts = documents.select("node", "text");
        return links.join(texts.withColumnRenamed("node", "src").withColumnRenamed("text", "src_text"), "src")
                .join(texts.withColumnRenamed("node", "dst").withColumnRenamed("text", "dst_text"), "dst")
                .filter(callUDF("sparkllm_jaccard", col("src_text"), col("dst_text")).geq(threshold))
                .select("src", "dst");
    }

    /** Adds the MinHash estimate of each duplicate's Jaccard similarity to its representative. */
    private static Dataset<Row> withEstimatedSimilarity(Dataset<Row> duplicates, Dataset<Row> signatures) {
        StructType schema = new StructType()
                .add("id", DataTypes.StringType).add("cluster_id", DataTypes.LongType)
                .add("representative_id", DataTypes.StringType).add("node", DataTypes.LongType)
                .add("estimated_similarity", DataTypes.DoubleType);
        Dataset<Row> pairs = duplicates.join(signatures, "node")
                .join(signatures.withColumnRenamed("node", "cluster_id").withColumnRenamed("signature", "representative"),
                        "cluster_id");
        return pairs.map((MapFunction<Row, Row>) r -> RowFactory.create(r.getString(r.fieldIndex("id")),
                r.getLong(r.fieldIndex("cluster_id")), r.getString(r.fieldIndex("representative_id")),
                r.getLong(r.fieldIndex("node")), MinHash.similarity(longs(r, r.fieldIndex("signature")),
                        longs(r, r.fieldIndex("representative")))), Encoders.row(schema));
    }

    private static long[] longs(Row row, int index) {
        List<Long> values = row.getList(index);
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
