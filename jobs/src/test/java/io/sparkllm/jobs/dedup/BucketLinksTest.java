package io.sparkllm.jobs.dedup;

import io.sparkllm.datasets.dedup.LongUnionFind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BucketLinksTest {
    /** Random bucket members, to be sorted as the job sorts them: (band, bucket, order). */
    private static List<BucketMember> members(Random random, int rows, int nodes, int buckets) {
        List<BucketMember> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            out.add(new BucketMember(random.nextInt(3), random.nextInt(buckets), random.nextInt(nodes)));
        }
        return out;
    }

    private static LongUnionFind joined(Iterator<BucketLink> links, int nodes) {
        LongUnionFind trees = new LongUnionFind(16);
        for (long n = 0; n < nodes; n++) {
            trees.find(n);
        }
        links.forEachRemaining(l -> {
            if (!l.isOversizedReport()) {
                trees.union(l.src, l.dst);
            }
        });
        return trees;
    }

    @Test
    void localUnionFindKeepsExactlyTheConnectionsOfThePlainLinksEvenWhenFlushedOften() {
        Random random = new Random(3);
        int nodes = 3000;
        List<BucketMember> members = members(random, 2500, nodes, 900);
        LongUnionFind plain = joined(new BucketLinks(1000, false, 10).call(SortedMembers.of(members.iterator())), nodes);
        for (int flushAt : new int[] {2, 17, 1_000_000}) {
            LongUnionFind local = joined(new BucketLinks(1000, true, flushAt).call(SortedMembers.of(members.iterator())), nodes);
            for (long n = 0; n < nodes; n++) {
                assertThat(local.find(n)).as("node %d, flushing at %d", n, flushAt).isEqualTo(plain.find(n));
            }
        }
    }

    @Test
    void anOversizedBucketIsReportedOnceAndSplitIntoChunks() {
        List<BucketMember> members = new ArrayList<>();
        for (long n = 0; n < 25; n++) {
            members.add(new BucketMember(0, 42L, n));
        }
        members.add(new BucketMember(1, 7L, 100L));
        members.add(new BucketMember(1, 7L, 101L));
        List<BucketLink> out = new ArrayList<>();
        new BucketLinks(10, false, 100).call(members.iterator()).forEachRemaining(out::add);
        List<BucketLink> reports = out.stream().filter(BucketLink::isOversizedReport).toList();
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).bucketSize).isEqualTo(25);
        // Three chunks (10, 10, 5) link to their first members 0, 10 and 20; the small bucket links 101 to 100.
        List<BucketLink> links = out.stream().filter(l -> !l.isOversizedReport()).toList();
        assertThat(links.stream().map(l -> l.dst).distinct().sorted().toList()).containsExactly(0L, 10L, 20L, 100L);
        assertThat(links).hasSize(9 + 9 + 4 + 1);
    }
}
