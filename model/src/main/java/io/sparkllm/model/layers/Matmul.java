package io.sparkllm.model.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.EnumMap;
import java.util.Map;

/**
 * The rank-2 products of the layers and the decoders, through {@code Nd4j.gemm} with transposes
 * passed to BLAS as flags. {@code INDArray.mmul} costs more: a transposed view handed to it is
 * copied first, and measured here on [2048, 256]·[256, 4096] floats it ran at 66 GFLOP/s where
 * gemm on the same BLAS ran at 235. A column sum along the rows of a C-ordered array is a slow
 * strided reduction where a product with a row of ones is not.
 */
public final class Matmul {
    /** A row of ones per thread and type, as long as the longest asked for; kept outside the workspaces. */
    private static final ThreadLocal<Map<DataType, INDArray>> ONES = ThreadLocal.withInitial(() -> new EnumMap<>(DataType.class));

    private Matmul() {
    }

    /** op(a) · op(b) into a new array, op transposing where asked. */
    public static INDArray times(INDArray a, boolean transposeA, INDArray b, boolean transposeB) {
        long rows = transposeA ? a.size(1) : a.size(0);
        long columns = transposeB ? b.size(0) : b.size(1);
        INDArray out = Nd4j.createUninitialized(a.dataType(), rows, columns);
        return Nd4j.gemm(a, b, out, transposeA, transposeB, 1.0, 0.0);
    }

    /** out = op(a) · op(b), written into out (a parameter's gradient, say). */
    public static void into(INDArray out, INDArray a, boolean transposeA, INDArray b, boolean transposeB) {
        Nd4j.gemm(a, b, out, transposeA, transposeB, 1.0, 0.0);
    }

    /** out [1, n] = the sum of the rows of {@code rows} [m, n]. */
    public static void columnSums(INDArray out, INDArray rows) {
        Nd4j.gemm(ones(rows.dataType(), rows.size(0)), rows, out, false, false, 1.0, 0.0);
    }

    private static INDArray ones(DataType type, long length) {
        INDArray ones = ONES.get().get(type);
        if (ones == null || ones.length() < length) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                ones = Nd4j.ones(type, 1, length);
            }
            ONES.get().put(type, ones);
        }
        return ones.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(0, length));
    }
}
