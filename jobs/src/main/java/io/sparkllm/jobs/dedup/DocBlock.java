package io.sparkllm.jobs.dedup;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A whole partition of documents as one cached object, a column per field. Spark measures what it
 * caches by walking it: documents one by one cost it as much as computing them, while a handful
 * of arrays (the object ones sampled) cost next to nothing.
 */
public final class DocBlock implements Serializable {
    public long[] nodes;
    public String[] ids;
    public byte[][] signatures;
    public byte[] origins;
    public long[] places;
    public long[] labels;
    public boolean[] clustered;

    public DocBlock() {
        // for Kryo
    }

    private DocBlock(List<SignedDoc> docs) {
        int n = docs.size();
        nodes = new long[n];
        ids = new String[n];
        signatures = new byte[n][];
        origins = new byte[n];
        places = new long[n];
        labels = new long[n];
        clustered = new boolean[n];
        for (int i = 0; i < n; i++) {
            SignedDoc d = docs.get(i);
            nodes[i] = d.node;
            ids[i] = d.id;
            signatures[i] = d.signature;
            origins[i] = d.origin;
            places[i] = d.place;
            labels[i] = d.label;
            clustered[i] = d.clustered;
        }
    }

    /** The documents, each rebuilt from the columns (their signatures shared, not copied). */
    Iterator<SignedDoc> docs() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < nodes.length;
            }

            @Override
            public SignedDoc next() {
                int i = next++;
                SignedDoc d = new SignedDoc(nodes[i], ids[i], signatures[i], origins[i], places[i]);
                d.label = labels[i];
                d.clustered = clustered[i];
                return d;
            }
        };
    }

    /** Documents cached a partition to a block; {@link #docs} reads them back. */
    record Cached(JavaRDD<DocBlock> blocks, JavaRDD<SignedDoc> docs) {
        static Cached of(JavaRDD<SignedDoc> docs) {
            JavaRDD<DocBlock> blocks = docs.mapPartitions(d -> {
                List<SignedDoc> all = new ArrayList<>();
                d.forEachRemaining(all::add);
                return List.of(new DocBlock(all)).iterator();
            }).persist(StorageLevel.MEMORY_AND_DISK());
            return new Cached(blocks, blocks.flatMap(DocBlock::docs));
        }

        void unpersist() {
            blocks.unpersist(false);
        }
    }
}
