package io.sparkllm.jobs.dedup;

import com.typesafe.config.Config;
import io.sparkllm.datasets.dedup.MinHash;
import io.sparkllm.datasets.dedup.Shingles;
import io.sparkllm.jobs.CorpusJob;
import io.sparkllm.jobs.io.CorpusInput;
import io.sparkllm.jobs.io.CorpusReader;
import io.sparkllm.jobs.io.CorpusRecords;
import io.sparkllm.jobs.io.KeyedPartitions;
import io.sparkllm.jobs.io.ParquetRowCount;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.UsageException;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import scala.collection.JavaConverters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * {@code sparkllm dedup}: near-duplicate removal with MinHash LSH. Each document's shingles get a
 * b×r-row signature; the members of each band bucket stream past once, sorted, and are linked
 * (no pair lists, so a huge bucket costs constant memory), joined per task by a union-find, or
 * kept as pairs for an exact Jaccard check; connected components of the links (large-star /
 * small-star on Spark) are the clusters, and each keeps its member with the smallest stable id
 * hash.
 *
 * <p>The input is read once to sign it and once more for the kept documents' rows: in between,
 * the work runs on RDDs of compact records (id, signature, where it was read), cached once, with
 * no query plans and no text held.
 */
public final class DedupJob extends CorpusJob {
    /** A task's union-find is flushed at this many nodes: about 50 MB, whatever the corpus size. */
    private static final int LOCAL_UNION_NODES = 2_000_000;
    /** Bucket members a task sorts at most: 8 million take 288 MB of primitive arrays. */
    private static final long MEMBERS_PER_TASK = 8_000_000;
    static final StructType INDEX = new StructType()
            .add("node", DataTypes.LongType, false)
            .add("id", DataTypes.StringType, false)
            .add("signature", DataTypes.BinaryType, false)
            .add("kept", DataTypes.BooleanType, false);

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
        boolean exact = verify.equals("exact");
        List<String> indexes = c.getStringList("index");
        if (!indexes.isEmpty() && exact) {
            throw new UsageException("verify = exact needs every document's text; an index holds signatures only");
        }
        SparkSession spark = context.spark();

        // Signatures are computed once and cached with where each document was read; the text is dropped.
        CorpusRecords corpus = CorpusInput.records(context);
        JavaRDD<Row> records = corpus.all();
        DocBlock.Cached read = DocBlock.Cached.of(records.mapPartitionsWithIndex(new DocumentSigner(shingles, minHash),
                false));
        long[] readCounts = read.docs().aggregate(new long[2], (n, d) -> {
            n[d.isReadable() ? 0 : 1]++;
            return n;
        }, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        long in = readCounts[0];
        long quarantined = readCounts[1];
        if (quarantined > 0) {
            context.say(quarantined + " unreadable records skipped (run clean first to see them)");
        }
        JavaRDD<SignedDoc> signed = read.docs().filter(SignedDoc::isReadable);
        // With earlier signature indexes, their documents join the graph without being read or hashed again.
        JavaRDD<SignedDoc> earlier = indexes.isEmpty() ? null : indexed(spark, indexes);
        JavaRDD<SignedDoc> all = earlier == null ? signed : signed.union(earlier);
        // Tasks sort their partition's bucket members (and later edges, fewer) in memory: enough
        // partitions that none holds more than MEMBERS_PER_TASK of them.
        long earlierCount = earlier == null ? 0 : earlier.count();
        long members = (in + earlierCount) * minHash.bands();
        Partitioner partitioner = new HashPartitioner((int) Math.max(spark.sessionState().conf().numShufflePartitions(),
                (members + MEMBERS_PER_TASK - 1) / MEMBERS_PER_TASK));

        LongBlock.Cached<BucketLink> cachedLinks = LongBlock.cache(
                links(all, minHash, partitioner, c.getInt("max-bucket-size"), exact), 3,
                (l, columns, row) -> {
                    columns[0][row] = l.src;
                    columns[1][row] = l.dst;
                    columns[2][row] = l.bucketSize;
                },
                (columns, row) -> new BucketLink(columns[0][row], columns[1][row], columns[2][row]));
        JavaRDD<BucketLink> links = cachedLinks.records();
        JavaPairRDD<Long, Long> edges = links.filter(l -> !l.isOversizedReport()).mapToPair(l -> new Tuple2<>(l.src, l.dst));
        if (exact) {
            edges = exactlyVerified(spark, edges, records, shingles, c.getDouble("verify-threshold"));
        }
        ConnectedComponents.Result components = ConnectedComponents.of(edges, c.getInt("max-iterations"), partitioner);
        long[] linkStats = links.aggregate(new long[3], (s, l) -> {
            s[l.isOversizedReport() ? 1 : 0]++;
            s[2] = Math.max(s[2], l.bucketSize);
            return s;
        }, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], Math.max(a[2], b[2])});
        Map<String, Long> histogram = components.clusterSizes();

        // Every document with its cluster label: the index, the kept rows and the duplicates all come from it.
        int files = c.getInt("output-files");
        IndexFiles indexFiles = new IndexFiles(files, partitioner.numPartitions());
        DocBlock.Cached labelled = DocBlock.Cached.of(ClusterLabels.apply(all, components.labels(), indexFiles));
        JavaRDD<Row> duplicates = Representatives.of(labelled.docs(), partitioner);
        if (earlier != null) {
            duplicates.persist(StorageLevel.MEMORY_AND_DISK()); // both duplicates and retracted come from it
        }
        Dataset<Row> duplicateRows = spark.createDataFrame(duplicates, Representatives.DUPLICATES);

        ConcurrentActions writes = new ConcurrentActions();
        writes.add(() -> writeSorted(spark.createDataFrame(KeptDocuments.of(corpus, labelled.docs()), KeptDocuments.SCHEMA),
                files, context.staging("kept").toString(), col("source"), col("line"), col("id")));
        writes.add(() -> writeSorted(duplicateRows.filter(col("origin").equalTo(SignedDoc.BATCH))
                        .select("id", "cluster_id", "representative_id", "estimated_similarity"),
                files, context.staging("duplicates").toString(), col("id")));
        // This batch's signature index, for later incremental runs, written where it was labelled: the
        // same files, spread and sorted by node, that writeSorted would give.
        JavaRDD<Row> index = indexFiles.byFile(labelled.docs()).filter(SignedDoc::isBatch)
                .map(d -> RowFactory.create(d.node, d.id, d.signature, d.isKept()));
        writes.add(() -> spark.createDataFrame(index, INDEX).sortWithinPartitions(col("node")).write()
                .parquet(context.staging("index").toString()));
        if (earlier != null) {
            // Documents an earlier run kept that this batch's documents now outrank.
            writes.add(() -> writeSorted(duplicateRows.filter(col("origin").equalTo(SignedDoc.INDEX_KEPT))
                            .select("id", "cluster_id", "representative_id"),
                    files, context.staging("retracted").toString(), col("id")));
        }
        writes.runAll();
        Map<String, Object> incrementalStats = new LinkedHashMap<>();
        if (earlier != null) {
            incrementalStats.put("index_documents", earlierCount);
            incrementalStats.put("retracted", ParquetRowCount.of(context.staging("retracted"), context.hadoopConf()));
        }

        long keptCount = ParquetRowCount.of(context.staging("kept"), context.hadoopConf());
        long removed = ParquetRowCount.of(context.staging("duplicates"), context.hadoopConf());
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
        stats.put("candidate_links", linkStats[0]);
        stats.put("components_rounds", components.rounds());
        stats.put("oversized_buckets", linkStats[1]);
        stats.put("largest_bucket", linkStats[1] == 0 ? 0L : linkStats[2]);
        long clusters = histogram.values().stream().mapToLong(Long::longValue).sum();
        stats.put("clusters", clusters);
        stats.put("cluster_sizes", histogram);
        context.writeJson("stats.json", stats);
        context.recordInput(String.join(",", c.getStringList("input")), in + quarantined);
        context.recordOutput("kept", "kept", keptCount, "kept");
        context.recordOutput("duplicates", "duplicates", removed, "rejected");
        context.count("clusters", clusters);
        context.count("oversized_buckets", linkStats[1]);
        duplicates.unpersist(false);
        labelled.unpersist();
        components.unpersist();
        cachedLinks.unpersist();
        read.unpersist();
    }

    /** The documents of earlier runs' signature indexes. */
    private static JavaRDD<SignedDoc> indexed(SparkSession spark, List<String> indexes) {
        return spark.read().parquet(JavaConverters.asScalaBuffer(indexes).toSeq())
                .select("node", "id", "signature", "kept").javaRDD()
                .map(r -> new SignedDoc(r.getLong(0), r.getString(1), (byte[]) r.get(2),
                        r.getBoolean(3) ? SignedDoc.INDEX_KEPT : SignedDoc.INDEX_DUPLICATE, -1));
    }

    /**
     * Links from band buckets (see {@link BucketLinks}): each document's bucket in every band,
     * spread by (band, bucket) in blocks, sorted by (band, bucket, order), streamed past once per partition.
     */
    private static JavaRDD<BucketLink> links(JavaRDD<SignedDoc> docs, MinHash minHash, Partitioner partitioner,
                                             int maxBucketSize, boolean rawPairs) {
        int partitions = partitioner.numPartitions();
        BucketLinks links = new BucketLinks(maxBucketSize, !rawPairs, LOCAL_UNION_NODES);
        return docs.mapPartitionsToPair(new MemberBlocks(minHash, partitions))
                .partitionBy(new KeyedPartitions(partitions, key -> (Integer) key)).values()
                .mapPartitions(blocks -> links.call(SortedMembers.ofBlocks(blocks)));
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

    private static Shingles.Unit unit(String unit) {
        try {
            return Shingles.Unit.valueOf(unit.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("shingles.unit must be word or char, got '" + unit + "'");
        }
    }

    /** Keeps the links whose two documents' exact shingle Jaccard reaches the threshold. */
    private static JavaPairRDD<Long, Long> exactlyVerified(SparkSession spark, JavaPairRDD<Long, Long> links,
                                                           JavaRDD<Row> records, Shingles shingles, double threshold) {
        spark.udf().register("sparkllm_jaccard", (UDF2<String, String, Double>) (a, b) ->
                Shingles.jaccard(shingles.of(a), shingles.of(b)), DataTypes.DoubleType);
        Dataset<Row> texts = spark.createDataFrame(records, CorpusReader.SCHEMA).filter(col("error").isNull())
                .select(xxhash64(col("id")).as("node"), col("text"));
        Dataset<Row> pairs = spark.createDataFrame(links.map(t -> RowFactory.create(t._1(), t._2())), ConnectedComponents.EDGES).distinct();
        return pairs.join(texts.withColumnRenamed("node", "src").withColumnRenamed("text", "src_text"), "src")
                .join(texts.withColumnRenamed("node", "dst").withColumnRenamed("text", "dst_text"), "dst")
                .filter(callUDF("sparkllm_jaccard", col("src_text"), col("dst_text")).geq(threshold))
                .select("src", "dst").javaRDD().mapToPair(r -> new Tuple2<>(r.getLong(0), r.getLong(1)));
    }
}
