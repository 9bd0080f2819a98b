package io.sparkllm.jobs.dedup;

import java.io.Serializable;

/**
 * What the bucket pass hands on: a link between two documents, or (with {@code bucketSize} above
 * zero) the report of one oversized bucket.
 */
public final class BucketLink implements Serializable {
    public long src;
    public long dst;
    public long bucketSize;

    public BucketLink() {
        // for Kryo
    }

    BucketLink(long src, long dst, long bucketSize) {
        this.src = src;
        this.dst = dst;
        this.bucketSize = bucketSize;
    }

    boolean isOversizedReport() {
        return bucketSize > 0;
    }
}
