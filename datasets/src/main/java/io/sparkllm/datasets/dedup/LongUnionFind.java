package io.sparkllm.datasets.dedup;

/**
 * Union-find over 64-bit node ids in an open-addressing table of primitive longs (no boxing), with
 * path halving. A Spark task uses it to join the links it sees into trees before the distributed
 * connected-components rounds, so those rounds start from far fewer edges.
 */
public final class LongUnionFind {
    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys;
    private long[] parents;
    private int size;

    public LongUnionFind(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        parents = new long[capacity];
        java.util.Arrays.fill(keys, EMPTY);
    }

    /** How many distinct nodes have been seen. */
    public int size() {
        return size;
    }

    /** Joins the trees of a and b; the smaller root becomes the parent, so roots are tree minima. */
    public void union(long a, long b) {
        long ra = find(a);
        long rb = find(b);
        if (ra != rb) {
            setParent(Math.max(ra, rb), Math.min(ra, rb));
        }
    }

    /** The root of x's tree (x itself when unseen; it is then added). */
    public long find(long x) {
        int slot = slotOf(x);
        while (parents[slot] != x) {
            int parentSlot = slotOf(parents[slot]);
            long grandparent = parents[parentSlot];
            parents[slot] = grandparent;
            x = grandparent;
            slot = slotOf(x);
        }
        return x;
    }

    /** Calls {@code edge.accept(node, root)} for every node that is not its tree's root. */
    public void forEachLink(LinkConsumer edge) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                long root = find(keys[i]);
                if (root != keys[i]) {
                    edge.accept(keys[i], root);
                }
            }
        }
    }

    /** Receives (node, root) links without boxing. */
    @FunctionalInterface
    public interface LinkConsumer {
        void accept(long node, long root);
    }

    private void setParent(long node, long parent) {
        parents[slotOf(node)] = parent;
    }

    /** The slot holding x, inserting x as its own root when absent. */
    private int slotOf(long x) {
        if (x == EMPTY) {
            throw new IllegalArgumentException("node id " + EMPTY + " is reserved");
        }
        int mask = keys.length - 1;
        int slot = (int) mix(x) & mask;
        while (keys[slot] != EMPTY) {
            if (keys[slot] == x) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = x;
        parents[slot] = x;
        if (++size * 2 > keys.length) {
            grow();
            return slotOf(x);
        }
        return slot;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldParents = parents;
        keys = new long[oldKeys.length * 2];
        parents = new long[oldKeys.length * 2];
        java.util.Arrays.fill(keys, EMPTY);
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = (int) mix(oldKeys[i]) & mask;
                while (keys[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                parents[slot] = oldParents[i];
            }
        }
    }

    private static long mix(long x) {
        return io.sparkllm.datasets.text.Hash64.mix(x);
    }
}
