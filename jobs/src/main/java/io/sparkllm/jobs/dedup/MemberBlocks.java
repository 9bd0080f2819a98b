package io.sparkllm.jobs.dedup;

import io.sparkllm.datasets.dedup.MinHash;
import io.sparkllm.datasets.dedup.SignatureBytes;
import io.sparkllm.jobs.io.LookAhead;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import scala.Tuple2;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Turns a partition of documents into their band-bucket members, gathered into one
 * {@link MemberBlock} per destination partition (keyed by its number).
 * A full block leaves at once, so a task holds at most one block per partition.
 */
final class MemberBlocks implements PairFlatMapFunction<Iterator<SignedDoc>, Integer, MemberBlock> {
    private final MinHash minHash;
    private final int partitions;

    MemberBlocks(MinHash minHash, int partitions) {
        this.minHash = minHash;
        this.partitions = partitions;
    }

    @Override
    public Iterator<Tuple2<Integer, MemberBlock>> call(Iterator<SignedDoc> docs) {
        MemberBlock[] open = new MemberBlock[partitions];
        ArrayDeque<Tuple2<Integer, MemberBlock>> ready = new ArrayDeque<>();
        int bands = minHash.bands();
        return new LookAhead<>() {
            private boolean drained;

            @Override
            protected Tuple2<Integer, MemberBlock> advance() {
                while (ready.isEmpty() && docs.hasNext()) {
                    SignedDoc d = docs.next();
                    long[] signature = SignatureBytes.decode(d.signature);
                    for (int b = 0; b < bands; b++) {
                        long bucket = minHash.bandKey(signature, b);
                        int p = BucketMember.partition(b, bucket, partitions);
                        if (open[p] == null) {
                            open[p] = new MemberBlock(MemberBlock.CAPACITY);
                        }
                        open[p].add(b, bucket, d.node);
                        if (open[p].isFull()) {
                            ready.add(new Tuple2<>(p, open[p]));
                            open[p] = null;
                        }
                    }
                }
                if (ready.isEmpty() && !drained) {
                    drained = true;
                    for (int p = 0; p < partitions; p++) {
                        if (open[p] != null) {
                            ready.add(new Tuple2<>(p, open[p].trimmed()));
                            open[p] = null;
                        }
                    }
                }
                return ready.poll();
            }
        };
    }
}
