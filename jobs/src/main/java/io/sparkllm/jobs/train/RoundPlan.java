package io.sparkllm.jobs.train;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Cuts an epoch's examples into averaging rounds: each goes to round hash(key, seed, epoch) mod
 * rounds (the key is the task's example id), a shuffle that needs no global sort and gives the same
 * rounds whatever the partitioning. The epoch is written once, partitioned by round, so each
 * round reads only its own files and a resumed run finds its data position again.
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
            windows.withColumn("round", pmod(xxhash64(col(key), lit(seed), lit(epoch)), lit(rounds)))
                    .repartition(col("round")).write().mode("overwrite").partitionBy("round").parquet(dir);
        }
        return new RoundPlan(spark, dir, rounds);
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
