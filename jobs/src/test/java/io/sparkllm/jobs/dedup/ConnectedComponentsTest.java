package io.sparkllm.jobs.dedup;

import io.sparkllm.testing.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectedComponentsTest {
    private static final StructType EDGES = new StructType().add("src", DataTypes.LongType).add("dst", DataTypes.LongType);

    private static Map<Long, Long> labels(List<long[]> edges) {
        List<Row> rows = new ArrayList<>();
        edges.forEach(e -> rows.add(RowFactory.create(e[0], e[1])));
        Dataset<Row> df = TestSpark.session().createDataFrame(rows, EDGES);
        Map<Long, Long> out = new HashMap<>();
        for (scala.Tuple2<Long, Long> t : ConnectedComponents.of(df, 60).labels().collect()) {
            assertThat(out.put(t._1(), t._2())).as("one label per node").isNull();
        }
        return out;
    }

    /** The reference: union-find, each component labelled by its smallest node. */
    private static Map<Long, Long> unionFind(List<long[]> edges) {
        Map<Long, Long> parent = new HashMap<>();
        for (long[] e : edges) {
            long a = find(parent, e[0]);
            long b = find(parent, e[1]);
            if (a != b) {
                parent.put(Math.max(a, b), Math.min(a, b));
            }
        }
        Map<Long, Long> out = new HashMap<>();
        for (long[] e : edges) {
            out.put(e[0], find(parent, e[0]));
            out.put(e[1], find(parent, e[1]));
        }
        return out;
    }

    private static long find(Map<Long, Long> parent, long x) {
        parent.putIfAbsent(x, x);
        while (parent.get(x) != x) {
            x = parent.get(x);
        }
        return x;
    }

    @Test
    void aLongChainBecomesOneComponentLabelledByItsSmallestNode() {
        List<long[]> chain = new ArrayList<>();
        for (long i = 0; i < 200; i++) {
            chain.add(new long[] {(i * 7919) % 1000 + 1000, ((i + 1) * 7919) % 1000 + 1000});
        }
        Map<Long, Long> labels = labels(chain);
        assertThat(labels.values()).containsOnly(unionFind(chain).values().iterator().next());
        assertThat(labels).isEqualTo(unionFind(chain));
    }

    @Test
    void randomGraphsMatchUnionFind() {
        Random random = new Random(3);
        List<long[]> edges = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            edges.add(new long[] {random.nextInt(800) - 400L, random.nextInt(800) - 400L});
        }
        assertThat(labels(edges)).isEqualTo(unionFind(edges));
    }
}
