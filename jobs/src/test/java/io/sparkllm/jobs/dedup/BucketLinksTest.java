package io.sparkllm.jobs.dedup;

import io.sparkllm.datasets.dedup.LongUnionFind;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BucketLinksTest {
    /** Random bucket members sorted as the job sorts them: (band, bucket, order). */
    private static List<Row> members(Random random, int rows, int nodes, int buckets) {
        List<long[]> raw = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            raw.add(new long[] {random.nextInt(3), random.nextInt(buckets), random.nextInt(nodes), random.nextLong()});
        }
        raw.sort(Comparator.<long[]>comparingLong(r -> r[0]).thenComparingLong(r -> r[1]).thenComparingLong(r -> r[3]));
        List<Row> out = new ArrayList<>();
        raw.forEach(r -> out.add(RowFactory.create((int) r[0], r[1], r[2])));
        return out;
    }

    private static LongUnionFind joined(Iterator<Row> links, int nodes) {
        LongUnionFind trees = new LongUnionFind(16);
        for (long n = 0; n < nodes; n++) {
            trees.find(n);
        }
        links.forEachRemaining(r -> {
            if (r.getLong(2) == 0) {
                trees.union(r.getLong(0), r.getLong(1));
            }
        });
        return trees;
    }

    @Test
    void localUnionFindKeepsExactlyTheConnectionsOfThePlainLinksEvenWhenFlushedOften() {
        Random random = new Random(3);
        int nodes = 3000;
        List<Row> members = members(random, 2500, nodes, 900);
        LongUnionFind plain = joined(new BucketLinks(1000, false, 10).call(members.iterator()), nodes);
        for (int flushAt : new int[] {2, 17, 1_000_000}) {
            LongUnionFind local = joined(new BucketLinks(1000, true, flushAt).call(members.iterator()), nodes);
            for (long n = 0; n < nodes; n++) {
                assertThat(local.find(n)).as("node %d, flushing at %d", n, flushAt).isEqualTo(plain.find(n));
            }
        }
    }

    @Test
    void anOversizedBucketIsReportedOnceAndSplitIntoChunks() {
        List<Row> members = new ArrayList<>();
        for (long n = 0; n < 25; n++) {
            members.add(RowFactory.create(0, 42L, n));
        }
        members.add(RowFactory.create(1, 7L, 100L));
        members.add(RowFactory.create(1, 7L, 101L));
        List<Row> out = new ArrayList<>();
        new BucketLinks(10, false, 100).call(members.iterator()).forEachRemaining(out::add);
        List<Row> reports = out.stream().filter(r -> r.getLong(2) > 0).toList();
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).getLong(2)).isEqualTo(25);
        // Three chunks (10, 10, 5) link to their first members 0, 10 and 20; the small bucket links 101 to 100.
        assertThat(out.stream().filter(r -> r.getLong(2) == 0).map(r -> r.getLong(1)).distinct().sorted().toList())
                .containsExactly(0L, 10L, 20L, 100L);
        assertThat(out.stream().filter(r -> r.getLong(2) == 0).count()).isEqualTo(9 + 9 + 4 + 1);
    }
}
