package io.sparkllm.jobs.dedup;

import java.io.Serializable;

/**
 * A document as dedup carries it through its Spark stages: its node (the xxhash64 of its id, as
 * Spark computes it), id and MinHash signature (bands × rows little-endian 64-bit values), where it
 * came from, and, once clustered, its cluster's label. A plain class with public fields: millions
 * of them are cached and shuffled, and Kryo writes them field by field.
 */
public final class SignedDoc implements Serializable {
    /** Read in this run. */
    public static final byte BATCH = 0;
    /** From an earlier run's index, where it was kept. */
    public static final byte INDEX_KEPT = 1;
    /** From an earlier run's index, where it was a duplicate. */
    public static final byte INDEX_DUPLICATE = 2;

    public long node;
    public String id;
    public byte[] signature;
    public byte origin;
    /** For this batch's documents: where it was read (see {@link io.sparkllm.jobs.io.CorpusRecords#place}), to read it again. */
    public long place;
    /** The smallest node of its cluster; its own node while it has none or represents its cluster. */
    public long label;
    /** Whether it is in a cluster of two or more documents. */
    public boolean clustered;

    public SignedDoc() {
        // for Kryo
    }

    SignedDoc(long node, String id, byte[] signature, byte origin, long place) {
        this.node = node;
        this.id = id;
        this.signature = signature;
        this.origin = origin;
        this.place = place;
        this.label = node;
    }

    /** False for an input record that could not be read: it has no id and is only counted. */
    boolean isReadable() {
        return id != null;
    }

    /** A copy in the cluster labelled {@code label}. */
    SignedDoc inCluster(long label) {
        SignedDoc copy = new SignedDoc(node, id, signature, origin, place);
        copy.label = label;
        copy.clustered = true;
        return copy;
    }

    boolean isBatch() {
        return origin == BATCH;
    }

    /** Kept: represents its cluster or has none. */
    boolean isKept() {
        return label == node;
    }
}
