package io.sparkllm.jobs.dedup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import io.sparkllm.datasets.dedup.MinHash;
import io.sparkllm.datasets.dedup.Shingles;
import io.sparkllm.datasets.dedup.SignatureBytes;
import io.sparkllm.datasets.text.Hash64;
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

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * {@code sparkllm dedup}: near-duplicate removal with MinHash LSH. Each document's shingles get a
 * b×r-row signature; the members of each band bucket stream past once, sorted, and are linked
 * (no pair lists, so a huge bucket costs constant memory), joined per task by a union-find, or
 * kept as pairs for an exact Jaccard check; connected components of the links (large-star /
 * small-star on Spark) are the clusters, and each keeps its member with the smallest stable id
 * hash.
 */
public final class DedupJob extends CorpusJob {
    /** A task's union-find is flushed at this many nodes: about 50 MB, whatever the corpus size. */
    private static final int LOCAL_UNION_NODES = 2_000_000;
    static final StructType SIGNED = new StructType()
            .add("node", DataTypes.LongType, false)
            .add("id", DataTypes.StringType, false)
            .add("signature", DataTypes.BinaryType, false)
            .add("previously_kept", DataTypes.BooleanType, true);
    static final StructType MEMBERS = new StructType()
            .add("band", DataTypes.IntegerType, false)
            .add("bucket", DataTypes.LongType, false)
            .add("node", DataTypes.LongType, false)
            .add("order", DataTypes.LongType, false);

    @Override
    public String name() {
        return "dedup";
    }

    @Override
    public void run(JobContext context) throws Exception {
        Config c = context.config();
        Shingles shingles = new Shingles(unit(c.getString("shingles.unit")), c.getInt("shingles.size"));
        MinHash minHash = minHash(context);
        String verify = c.getString("verify");
        if (!verify.equals("none") && !verify.equals("exact")) {
            throw new UsageException("verify must be none or exact, got '" + verify + "'");
        }

        // Cached as read, so counting the unreadable records doesn't read the input a second time. A big
        // file is read in ranges by several tasks: the signatures, computed from these partitions, need every core.
        Dataset<Row> records = CorpusInput.read(context, true).persist(StorageLevel.MEMORY_AND_DISK());
        // Documents and unreadable records counted in one pass.
        Row read = records.agg(count(when(col("error").isNull(), 1)), count(when(col("error").isNotNull(), 1))).first();
        long in = read.getLong(0);
        long quarantined = read.getLong(1);
        Dataset<Row> documents = records.filter(col("error").isNull()).withColumn("node", xxhash64(col("id")));
        if (quarantined > 0) {
            context.say(quarantined + " unreadable records skipped (run clean first to see them)");
        }

        // Signatures are computed once: band buckets, similarity estimates and the index all read them.
        Dataset<Row> signed = documents.select("node", "id", "text").map((MapFunction<Row, Row>) r ->
                RowFactory.create(r.getLong(0), r.getString(1),
                        SignatureBytes.encode(minHash.signature(shingles.hashes(r.getString(2)))), null),
                Encoders.row(SIGNED)).persist(StorageLevel.MEMORY_AND_DISK());
        // With earlier signature indexes, their documents join the graph without being read or hashed again.
        List<String> indexes = c.getStringList("index");
        Dataset<Row> allSigned = signed;
        Dataset<Row> old = null;
        if (!indexes.isEmpty()) {
            if (verify.equals("exact")) {
                throw new UsageException("verify = exact needs every document's text; an index holds signatures only");
            }
            old = context.spark().read().parquet(JavaConverters.asScalaBuffer(indexes).toSeq())
                    .select("node", "id", "signature", "kept");
            allSigned = signed.union(old.select(col("node"), col("id"), col("signature"),
                    col("kept").as("previously_kept")));
        }

        boolean exact = verify.equals("exact");
        Dataset<Row> links = links(allSigned, minHash, c.getInt("max-bucket-size"), exact);
        Row linkStats = links.agg(count(when(col("bucket_size").equalTo(0), 1)).as("links"),
                count(when(col("bucket_size").gt(0), 1)).as("oversized"), max("bucket_size").as("largest")).first();
        Dataset<Row> edges = links.filter(col("bucket_size").equalTo(0)).select("src", "dst");
        if (exact) {
            edges = exactlyVerified(context, edges.distinct(), documents, shingles, c.getDouble("verify-threshold"));
        }

        ConnectedComponents.Result components = ConnectedComponents.of(edges, c.getInt("max-iterations"));
        Dataset<Row> labels = components.labels();
        Dataset<Row> duplicates = labels.join(allSigned, "node")
                .select("label", "node", "id", "signature", "previously_kept")
                .repartition(col("label")).sortWithinPartitions("label", "node")
                .mapPartitions(new Representatives(), Encoders.row(Representatives.DUPLICATES))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> batchDuplicates = duplicates.filter(col("previously_kept").isNull()).drop("previously_kept");

        int files = c.getInt("output-files");
        Dataset<Row> kept = documents.join(batchDuplicates.select("node"),
                documents.col("node").equalTo(batchDuplicates.col("node")), "left_anti").drop("node");
        writeSorted(kept.select(col("id"), col("text"), col("lang"), col("file").as("source"), col("line"), col("meta")),
                files, context.staging("kept").toString(), col("source"), col("line"), col("id"));
        writeSorted(batchDuplicates.select("id", "cluster_id", "representative_id", "estimated_similarity"),
                files, context.staging("duplicates").toString(), col("id"));
        // This batch's signature index, for later incremental runs.
        writeSorted(signed.join(batchDuplicates.select(col("node"), lit(false).as("kept")), new String[] {"node"}, "left")
                        .select(col("node"), col("id"), col("signature"), coalesce(col("kept"), lit(true)).as("kept")),
                files, context.staging("index").toString(), col("node"));
        Map<String, Object> incrementalStats = new LinkedHashMap<>();
        if (old != null) {
            // Documents an earlier run kept that this batch's documents now outrank.
            writeSorted(duplicates.filter(col("previously_kept")).select("id", "cluster_id", "representative_id"),
                    files, context.staging("retracted").toString(), col("id"));
            incrementalStats.put("index_documents", old.count());
            incrementalStats.put("retracted", context.spark().read().parquet(context.staging("retracted").toString()).count());
        }

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
        stats.put("bands", minHash.bands());
        stats.put("rows", minHash.rows());
        stats.put("candidate_links", linkStats.getLong(0));
        stats.put("components_rounds", components.rounds());
        stats.put("oversized_buckets", linkStats.getLong(1));
        stats.put("largest_bucket", linkStats.isNullAt(2) || linkStats.getLong(1) == 0 ? 0L : linkStats.getLong(2));
        Map<String, Long> histogram = components.clusterSizes();
        long clusters = histogram.values().stream().mapToLong(Long::longValue).sum();
        stats.put("clusters", clusters);
        stats.put("cluster_sizes", histogram);
        try (FSDataOutputStream out = context.fileSystem(context.staging()).create(context.staging("stats.json"), false)) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue((OutputStream) out, stats);
        }
        context.recordInput(String.join(",", c.getStringList("input")), in + quarantined);
        context.recordOutput("kept", "kept", keptCount, "kept");
        context.recordOutput("duplicates", "duplicates", removed, "rejected");
        context.count("clusters", clusters);
        context.count("oversized_buckets", linkStats.getLong(1));
        duplicates.unpersist();
        components.unpersist();
        links.unpersist();
        signed.unpersist();
        records.unpersist();
    }

    /**
     * Links from band buckets (rows src, dst, bucket_size; see {@link BucketLinks}), persisted: the
     * statistics and connected components both read them.
     */
    private static Dataset<Row> links(Dataset<Row> signed, MinHash minHash, int maxBucketSize, boolean rawPairs) {
        return bucketMembers(signed, minHash)
                .repartition(col("band"), col("bucket")).sortWithinPartitions("band", "bucket", "order")
                .select("band", "bucket", "node")
                .mapPartitions(new BucketLinks(maxBucketSize, !rawPairs, LOCAL_UNION_NODES), Encoders.row(BucketLinks.SCHEMA))
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** Writes rows into {@code files} Parquet files, spread by a hash of {@code order} and sorted by it: the same files whatever the partitioning. */
    private static void writeSorted(Dataset<Row> rows, int files, String path, Column... order) {
        rows.repartition(files, pmod(xxhash64(order), lit(files))).sortWithinPartitions(order).write().parquet(path);
    }

    private static MinHash minHash(JobContext context) {
        Config c = context.config();
        int bands = c.getInt("minhash.bands");
        int rows = c.getInt("minhash.rows");
        if (!c.getIsNull("minhash.threshold")) {
            int[] chosen = MinHash.forThreshold(c.getDouble("minhash.threshold"), bands * rows);
            bands = chosen[0];
            rows = chosen[1];
            context.say("threshold " + c.getDouble("minhash.threshold") + ": " + bands + " bands x " + rows + " rows");
        }
        return new MinHash(bands, rows, c.getLong("minhash.seed"));
    }

    /**
     * One row per (document, band): the band's bucket, and an order that shuffles members within a
     * bucket differently per band, so an oversized bucket's chunks differ from band to band and
     * the chunks of different bands still join up.
     */
    private static Dataset<Row> bucketMembers(Dataset<Row> signed, MinHash minHash) {
        int bands = minHash.bands();
        return signed.flatMap((FlatMapFunction<Row, Row>) r -> {
            long node = r.getLong(0);
            long[] signature = SignatureBytes.decode((byte[]) r.get(2));
            List<Row> out = new ArrayList<>(bands);
            for (int b = 0; b < bands; b++) {
                out.add(RowFactory.create(b, minHash.bandKey(signature, b), node, Hash64.mix(node + b)));
            }
            return out.iterator();
        }, Encoders.row(MEMBERS));
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

}
