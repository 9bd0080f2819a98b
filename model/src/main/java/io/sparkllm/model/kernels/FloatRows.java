package io.sparkllm.model.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A float ND4J array's off-heap memory seen as rows of {@code width} floats, copied a row at a
 * time to and from plain arrays. Only C-ordered arrays with their default strides qualify (element
 * i of the array sits at the buffer's offset + i); {@link #fits} says which.
 */
final class FloatRows {
    private final FloatBuffer buffer;
    private final int base;
    private final int rows;
    private final int width;

    private FloatRows(INDArray array, int width) {
        // asNio() spans the whole underlying buffer; a view starts at its offset into it.
        this.buffer = array.data().asNio().duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
        this.base = (int) array.offset();
        this.width = width;
        this.rows = (int) (array.length() / width);
    }

    /** Whether the kernels can work on the array directly. */
    static boolean fits(INDArray array) {
        return array != null && array.dataType() == DataType.FLOAT && array.ordering() == 'c' && !array.isEmpty()
                && array.length() < Integer.MAX_VALUE && dense(array)
                && array.data().asNio().capacity() / Float.BYTES >= array.offset() + array.length();
    }

    /** Whether element i sits i floats after the first: C strides, where dimensions of size 1 may have any stride. */
    private static boolean dense(INDArray array) {
        long expected = 1;
        for (int d = array.rank() - 1; d >= 0; d--) {
            if (array.size(d) != 1 && array.stride(d) != expected) {
                return false;
            }
            expected *= array.size(d);
        }
        return true;
    }

    /** The array as rows over its last dimension. */
    static FloatRows of(INDArray array) {
        return of(array, (int) array.size(-1));
    }

    /** The array as rows of {@code width} floats (its length a multiple of that). */
    static FloatRows of(INDArray array, int width) {
        if (!fits(array) || array.length() % width != 0) {
            throw new IllegalArgumentException("not a C-ordered float array of rows of " + width + ": " + array.shapeInfoToString());
        }
        return new FloatRows(array, width);
    }

    int rows() {
        return rows;
    }

    int width() {
        return width;
    }

    void read(int row, float[] into) {
        buffer.get(base + row * width, into, 0, width);
    }

    void write(int row, float[] from) {
        buffer.put(base + row * width, from, 0, width);
    }

    /** Floats [start, start + n) of the whole array, rows aside. */
    void readSpan(long start, float[] into, int n) {
        buffer.get(Math.toIntExact(base + start), into, 0, n);
    }

    void writeSpan(long start, float[] from, int n) {
        buffer.put(Math.toIntExact(base + start), from, 0, n);
    }

    float get(int row, int column) {
        return buffer.get(base + row * width + column);
    }
}
