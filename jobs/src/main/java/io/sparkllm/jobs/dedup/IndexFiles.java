package io.sparkllm.jobs.dedup;

import org.apache.spark.Partition;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionCoalescer;
import org.apache.spark.rdd.PartitionGroup;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import scala.Option;

/**
 * Spreads documents by node so that each index file's documents already sit together: partition
 * {@code file * perFile + k} holds only documents of that file, the file being the one the index
 * writer's {@code pmod(xxhash64(node), files)} picks. {@link #byFile} then joins each file's
 * partitions without a shuffle, so the index (every document's signature) is written where the
 * documents were labelled instead of being shuffled once more.
 */
final class IndexFiles extends Partitioner {
    private final int files;
    private final int perFile;

    /** At least {@code partitions} partitions, a whole number per file. */
    IndexFiles(int files, int partitions) {
        this.files = files;
        this.perFile = (partitions + files - 1) / files;
    }

    static int file(long node, int files) {
        return Math.floorMod(XXH64.hashLong(node, 42L), files);
    }

    @Override
    public int numPartitions() {
        return files * perFile;
    }

    @Override
    public int getPartition(Object key) {
        long node = (Long) key;
        return file(node, files) * perFile + Math.floorMod(node, perFile);
    }

    /** {@code rdd}, partitioned by this, as one partition per file, without a shuffle. */
    <T> JavaRDD<T> byFile(JavaRDD<T> rdd) {
        if (perFile == 1) {
            return rdd;
        }
        RDD<T> grouped = rdd.rdd().coalesce(files, false, Option.apply(new Groups(perFile)), null);
        return new JavaRDD<>(grouped, rdd.classTag());
    }

    /** Groups partitions {@code [f * perFile, (f + 1) * perFile)} as partition f (Spark wants Scala's Serializable). */
    private static final class Groups implements PartitionCoalescer, scala.Serializable {
        private final int perFile;

        Groups(int perFile) {
            this.perFile = perFile;
        }

        @Override
        public PartitionGroup[] coalesce(int maxPartitions, RDD<?> parent) {
            Partition[] parts = parent.partitions();
            PartitionGroup[] groups = new PartitionGroup[parts.length / perFile];
            for (int g = 0; g < groups.length; g++) {
                groups[g] = new PartitionGroup(Option.empty());
            }
            for (Partition p : parts) {
                groups[p.index() / perFile].partitions().$plus$eq(p);
            }
            return groups;
        }
    }
}
