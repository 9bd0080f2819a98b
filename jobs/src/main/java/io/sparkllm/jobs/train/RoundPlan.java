package io.sparkllm.jobs.train;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.api.java.JavaRDD;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Cuts an epoch's examples into averaging rounds of exactly {@code examplesPerRound} (the last one
 * fewer): the examples are ordered by hash(key, seed, epoch), then key (the key is the task's
 * example id), by a distributed sort, and numbered; example i goes to round i / examplesPerRound.
 * The same rounds come whatever the partitioning. Exact sizes matter: DL4J's parameter averaging
 * fits at most averaging-frequency minibatches per worker in a round and drops the rest, so a
 * round one example over its size would lose examples. The epoch is written once, partitioned by
 * round, so each round reads only its own files and a resumed run finds its data position again.
 */
final class RoundPlan {
    private final SparkSession spark;
    private final String dir;
    private final int rounds;

    private RoundPlan(SparkSession spark, String dir, int rounds) {
        this.spark = spark;
        this.dir = dir;
        this.rounds = rounds;
    }

    static int roundsFor(long examples, long examplesPerRound) {
        return (int) Math.max(1, (examples + examplesPerRound - 1) / examplesPerRound);
    }

    /** Writes (or, when a resumed run finds it complete, reuses) the epoch's rounds under {@code dir}. */
    static RoundPlan write(SparkSession spark, Dataset<Row> windows, String key, long examples, long examplesPerRound,
                           long seed, int epoch, String dir) {
        int rounds = roundsFor(examples, examplesPerRound);
        boolean done;
        try {
            org.apache.hadoop.fs.Path success = new org.apache.hadoop.fs.Path(dir, "_SUCCESS");
            done = success.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(success);
        } catch (java.io.IOException e) {
            done = false;
        }
        if (!done) {
            Dataset<Row> ordered = windows.withColumn("order", xxhash64(col(key), lit(seed), lit(epoch)))
                    .orderBy(col("order"), col(key)).drop("order");
            StructType schema = ordered.schema().add("round", DataTypes.IntegerType, false);
            JavaRDD<Row> numbered = ordered.javaRDD().zipWithIndex().map(row -> withRound(row._1(), row._2() / examplesPerRound));
            spark.createDataFrame(numbered, schema).repartition(col("round")).write().mode("overwrite")
                    .partitionBy("round").parquet(dir);
        }
        return new RoundPlan(spark, dir, rounds);
    }

    private static Row withRound(Row row, long round) {
        Object[] values = new Object[row.size() + 1];
        for (int i = 0; i < row.size(); i++) {
            values[i] = row.get(i);
        }
        values[row.size()] = (int) round;
        return RowFactory.create(values);
    }

    int rounds() {
        return rounds;
    }

    /** The round's windows, or null when the hash left it empty. */
    Dataset<Row> round(int round) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir, "round=" + round);
        try {
            if (!path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
                return null;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return spark.read().parquet(path.toString());
    }
}
