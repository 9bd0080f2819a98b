package io.sparkllm.jobs.io;

import org.apache.spark.Partitioner;

import java.io.Serializable;

/** A partitioner for keys that carry their partition: the given rule reads it from the key. */
public final class KeyedPartitions extends Partitioner {
    /** The partition a key names, in [0, partitions). */
    public interface Rule extends Serializable {
        int partitionOf(Object key);
    }

    private final int partitions;
    private final Rule rule;

    public KeyedPartitions(int partitions, Rule rule) {
        this.partitions = partitions;
        this.rule = rule;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        return rule.partitionOf(key);
    }
}
