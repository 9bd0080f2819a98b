package io.sparkllm.model.kernels;

import java.util.stream.IntStream;

/**
 * Runs a row loop on the common fork-join pool in a few chunks per core (ND4J's own element-wise
 * ops use every core too; more chunks than cores even out a core that other work slows down).
 * Small arrays stay on the calling thread, where a hand-off would cost more than the work.
 */
final class RowParallel {
    /** Below this many floats the loop runs on the calling thread. */
    private static final long SERIAL_BELOW = 1 << 15;
    private static final int CHUNKS_PER_CORE = 4;

    /** The work on rows [from, to), chunk {@code index} of {@link #chunks}. */
    interface Chunk {
        void run(int index, int from, int to);
    }

    private RowParallel() {
    }

    /** How many chunks {@link #forRows} splits these rows into (a kernel keeps one partial sum per chunk, added in order). */
    static int chunks(int rows, int width) {
        int cores = Runtime.getRuntime().availableProcessors();
        return (long) rows * width < SERIAL_BELOW || cores == 1 ? 1 : Math.min(rows, cores * CHUNKS_PER_CORE);
    }

    static void forRows(int rows, int width, Chunk chunk) {
        int chunks = chunks(rows, width);
        if (chunks == 1) {
            chunk.run(0, 0, rows);
            return;
        }
        IntStream.range(0, chunks).parallel().forEach(c -> chunk.run(c,
                (int) ((long) rows * c / chunks), (int) ((long) rows * (c + 1) / chunks)));
    }
}
