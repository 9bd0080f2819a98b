package io.sparkllm.datasets.dedup;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LongUnionFindTest {
    /** Labels by flood fill over an adjacency map: each component's smallest node. */
    private static Map<Long, Long> byFloodFill(long[][] edges) {
        Map<Long, java.util.List<Long>> adjacent = new HashMap<>();
        for (long[] e : edges) {
            adjacent.computeIfAbsent(e[0], k -> new java.util.ArrayList<>()).add(e[1]);
            adjacent.computeIfAbsent(e[1], k -> new java.util.ArrayList<>()).add(e[0]);
        }
        Map<Long, Long> label = new HashMap<>();
        for (long start : adjacent.keySet()) {
            if (label.containsKey(start)) {
                continue;
            }
            java.util.List<Long> component = new java.util.ArrayList<>();
            java.util.ArrayDeque<Long> todo = new java.util.ArrayDeque<>(java.util.List.of(start));
            java.util.Set<Long> seen = new java.util.HashSet<>(java.util.List.of(start));
            while (!todo.isEmpty()) {
                long n = todo.poll();
                component.add(n);
                for (long m : adjacent.get(n)) {
                    if (seen.add(m)) {
                        todo.add(m);
                    }
                }
            }
            long min = component.stream().mapToLong(Long::longValue).min().orElseThrow();
            component.forEach(n -> label.put(n, min));
        }
        return label;
    }

    @Test
    void randomGraphsGetTheirComponentsSmallestNodeAsRootThroughManyTableGrowths() {
        Random random = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            int nodes = 50 + random.nextInt(5000);
            long[][] edges = new long[nodes * 3 / 4][];
            for (int i = 0; i < edges.length; i++) {
                // Spread ids over the whole 64-bit range, negatives included.
                edges[i] = new long[] {random.nextInt(nodes) * 0x9E3779B97F4A7C15L, random.nextInt(nodes) * 0x9E3779B97F4A7C15L};
            }
            LongUnionFind trees = new LongUnionFind(4);
            for (long[] e : edges) {
                trees.union(e[0], e[1]);
            }
            Map<Long, Long> expected = byFloodFill(edges);
            expected.forEach((node, label) -> assertThat(trees.find(node)).isEqualTo(label));
            assertThat(trees.size()).isEqualTo(expected.size());
            Map<Long, Long> linked = new HashMap<>();
            trees.forEachLink(linked::put);
            expected.forEach((node, label) -> {
                if (!node.equals(label)) {
                    assertThat(linked.get(node)).isEqualTo(label);
                }
            });
            assertThat(linked).hasSize((int) expected.entrySet().stream().filter(e -> !e.getKey().equals(e.getValue())).count());
        }
    }

    @Test
    void theReservedEmptyMarkerIsRefused() {
        assertThatThrownBy(() -> new LongUnionFind(4).find(Long.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
    }
}
