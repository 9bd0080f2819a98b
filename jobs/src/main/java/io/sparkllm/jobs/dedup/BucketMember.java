package io.sparkllm.jobs.dedup;

import io.sparkllm.datasets.text.Hash64;
import org.apache.spark.Partitioner;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;

import java.io.Serializable;

/**
 * A document in one band's bucket, with an order that shuffles the members of a bucket
 * differently in each band (so an oversized bucket's chunks differ from band to band and the
 * chunks of different bands still join up). Buckets are spread over partitions as Spark SQL
 * spreads rows by (band, bucket), and sorted by band, bucket, then order ({@link SortedMembers}).
 */
public final class BucketMember implements Serializable {
    public int band;
    public long bucket;
    public long order;
    public long node;

    public BucketMember() {
        // for Kryo
    }

    BucketMember(int band, long bucket, long node) {
        this.band = band;
        this.bucket = bucket;
        this.node = node;
        this.order = Hash64.mix(node + band);
    }

    /** Spark SQL's hash partitioning of (band, bucket): murmur3 with seed 42, chained, then a positive modulo. */
    static final class ByBucket extends Partitioner {
        private final int partitions;

        ByBucket(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            BucketMember m = (BucketMember) key;
            int hash = Murmur3_x86_32.hashLong(m.bucket, Murmur3_x86_32.hashInt(m.band, 42));
            return Math.floorMod(hash, partitions);
        }
    }
}
