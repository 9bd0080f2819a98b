package io.sparkllm.model.zoo;

import io.sparkllm.model.layers.TokenEmbedding;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Transformer's sinusoid position vectors, computed once and grown when a longer sequence
 * comes: a row depends only on its position, so a longer table's first rows are the shorter one's.
 */
final class PositionTable {
    private final long size;
    private final DataType type;
    private INDArray rows;

    PositionTable(long size, DataType type) {
        this.size = size;
        this.type = type;
    }

    /** A table of at least {@code length} rows. */
    synchronized INDArray rows(int length) {
        if (rows == null || rows.rows() < length) {
            rows = TokenEmbedding.sinusoids(Math.max(length, rows == null ? 128 : 2 * rows.rows()), size, type);
        }
        return rows;
    }
}
