package io.sparkllm.jobs.dedup;

import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Gives every document its cluster label: documents and (node, label) pairs are both spread by
 * node over the same partitions, and each partition looks its documents up in its own labels.
 * Memory per task is one partition's labels, whatever the corpus size.
 */
final class ClusterLabels {
    private ClusterLabels() {
    }

    /** The documents, each labelled when it is in a cluster; the others keep their own node as label. */
    static JavaRDD<SignedDoc> apply(JavaRDD<SignedDoc> docs, JavaPairRDD<Long, Long> labels, Partitioner partitioner) {
        JavaRDD<SignedDoc> docsByNode = docs.mapToPair(d -> new Tuple2<>(d.node, d)).partitionBy(partitioner).values();
        JavaRDD<Tuple2<Long, Long>> labelsByNode = labels.partitionBy(partitioner).map(t -> t);
        return docsByNode.zipPartitions(labelsByNode, ClusterLabels::label);
    }

    private static Iterator<SignedDoc> label(Iterator<SignedDoc> docs, Iterator<Tuple2<Long, Long>> labels) {
        Map<Long, Long> labelOf = new HashMap<>();
        labels.forEachRemaining(t -> labelOf.put(t._1(), t._2()));
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return docs.hasNext();
            }

            @Override
            public SignedDoc next() {
                SignedDoc d = docs.next();
                Long label = labelOf.get(d.node);
                return label == null ? d : d.inCluster(label);
            }
        };
    }
}
