package io.sparkllm.jobs.dedup;

import io.sparkllm.datasets.text.Hash64;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;

/**
 * A document in one band's bucket, with an order that shuffles the members of a bucket
 * differently in each band (so an oversized bucket's chunks differ from band to band and the
 * chunks of different bands still join up). Buckets are spread over partitions as Spark SQL
 * spreads rows by (band, bucket), shipped in {@link MemberBlock}s and sorted by band, bucket, then
 * order ({@link SortedMembers}), which hands them out as members.
 */
public final class BucketMember {
    public int band;
    public long bucket;
    public long order;
    public long node;

    BucketMember() {
    }

    BucketMember(int band, long bucket, long node) {
        this.band = band;
        this.bucket = bucket;
        this.node = node;
        this.order = order(band, node);
    }

    /** The member's place in its bucket in this band. */
    static long order(int band, long node) {
        return Hash64.mix(node + band);
    }

    /** The partition of (band, bucket) as Spark SQL spreads rows by them: murmur3 with seed 42, chained, then a positive modulo. */
    static int partition(int band, long bucket, int partitions) {
        return Math.floorMod(Murmur3_x86_32.hashLong(bucket, Murmur3_x86_32.hashInt(band, 42)), partitions);
    }
}
