package io.sparkllm.model.checkpoint;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * The layouts Hugging Face checkpoints use, relative to this project's parameters: every weight
 * here is [in, out] (y = x·W), every bias and norm scale a [1, n] row.
 */
final class TensorLayouts {
    /** The same array: embedding and position tables, GPT-2's Conv1D weights (stored [in, out] too). */
    static final TensorLayout AS_IS = new TensorLayout() {
        @Override
        public long[] shape(List<long[]> parts) {
            return parts.get(0).clone();
        }

        @Override
        public List<INDArray> split(INDArray tensor, List<long[]> parts) {
            return List.of(tensor);
        }

        @Override
        public INDArray join(List<INDArray> parts) {
            return parts.get(0).dup('c');
        }
    };

    /** {@code nn.Linear} stores [out, in] and computes y = x·Wᵀ + b. */
    static final TensorLayout TRANSPOSED = new TensorLayout() {
        @Override
        public long[] shape(List<long[]> parts) {
            return new long[] {parts.get(0)[1], parts.get(0)[0]};
        }

        @Override
        public List<INDArray> split(INDArray tensor, List<long[]> parts) {
            return List.of(tensor.transpose());
        }

        @Override
        public INDArray join(List<INDArray> parts) {
            return parts.get(0).transpose().dup('c');
        }
    };

    /** A bias or norm scale: a [1, n] row here, an [n] vector there. */
    static final TensorLayout VECTOR = vectorOf(AS_IS);

    /** GPT-2's {@code c_attn} weight: [in, k·out], the parts' columns side by side (q | k | v). */
    static final TensorLayout SIDE_BY_SIDE = new TensorLayout() {
        @Override
        public long[] shape(List<long[]> parts) {
            long columns = 0;
            for (long[] p : parts) {
                columns += p[1];
            }
            return new long[] {parts.get(0)[0], columns};
        }

        @Override
        public List<INDArray> split(INDArray tensor, List<long[]> parts) {
            List<INDArray> out = new ArrayList<>();
            long at = 0;
            for (long[] p : parts) {
                out.add(tensor.get(NDArrayIndex.all(), NDArrayIndex.interval(at, at + p[1])));
                at += p[1];
            }
            return out;
        }

        @Override
        public INDArray join(List<INDArray> parts) {
            return Nd4j.concat(1, parts.toArray(INDArray[]::new)).dup('c');
        }
    };

    /** GPT-2's {@code c_attn} bias: [k·out], the parts end to end. */
    static final TensorLayout END_TO_END = vectorOf(SIDE_BY_SIDE);

    private TensorLayouts() {
    }

    /**
     * BLOOM's {@code query_key_value} weight, an {@code nn.Linear} of k·d outputs grouped by head:
     * viewed as [heads, k, headSize, in], row (h, j, i) is output i of head h of part j. Each part
     * is one [in, heads·headSize] parameter with head-major columns.
     */
    static TensorLayout perHeadRows(int heads) {
        return new TensorLayout() {
            @Override
            public long[] shape(List<long[]> parts) {
                return new long[] {parts.size() * parts.get(0)[1], parts.get(0)[0]};
            }

            @Override
            public List<INDArray> split(INDArray tensor, List<long[]> parts) {
                long in = parts.get(0)[0];
                long out = parts.get(0)[1];
                INDArray grouped = tensor.dup('c').reshape('c', new long[] {heads, parts.size(), out / heads, in});
                List<INDArray> split = new ArrayList<>();
                for (int j = 0; j < parts.size(); j++) {
                    INDArray rows = grouped.get(NDArrayIndex.all(), NDArrayIndex.point(j), NDArrayIndex.all(), NDArrayIndex.all())
                            .dup('c').reshape('c', new long[] {out, in});
                    split.add(rows.transpose());
                }
                return split;
            }

            @Override
            public INDArray join(List<INDArray> parts) {
                long in = parts.get(0).size(0);
                long out = parts.get(0).size(1);
                INDArray[] grouped = new INDArray[parts.size()];
                for (int j = 0; j < grouped.length; j++) {
                    grouped[j] = parts.get(j).transpose().dup('c').reshape('c', new long[] {heads, 1, out / heads, in});
                }
                return Nd4j.concat(1, grouped).dup('c').reshape('c', new long[] {parts.size() * out, in});
            }
        };
    }

    /** BLOOM's {@code query_key_value} bias: [k·d] in the same per-head order as the weight's rows. */
    static TensorLayout perHeadVector(int heads) {
        return vectorOf(perHeadRows(heads));
    }

    /**
     * The vector form of a matrix layout whose matrix has a dimension of 1 when its parts are
     * [1, n] rows: the same values, flattened.
     */
    private static TensorLayout vectorOf(TensorLayout matrix) {
        return new TensorLayout() {
            @Override
            public long[] shape(List<long[]> parts) {
                long n = 1;
                for (long d : matrix.shape(parts)) {
                    n *= d;
                }
                return new long[] {n};
            }

            @Override
            public List<INDArray> split(INDArray tensor, List<long[]> parts) {
                return matrix.split(tensor.dup('c').reshape('c', matrix.shape(parts)), parts);
            }

            @Override
            public INDArray join(List<INDArray> parts) {
                INDArray joined = matrix.join(parts);
                return joined.dup('c').reshape('c', new long[] {joined.length()});
            }
        };
    }
}
