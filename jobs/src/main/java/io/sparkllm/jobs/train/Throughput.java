package io.sparkllm.jobs.train;

import io.sparkllm.model.zoo.ModelSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Model FLOP utilisation: the FLOPs a training token needs, 6·N for the weight matmuls (forward
 * and backward, N the non-embedding parameters plus the output projection) plus 12·layers·d·T for
 * attention scores and weighted sums (Kaplan et al. 2020; Chowdhery et al. 2022), against the
 * machine's measured single-precision matmul rate.
 */
final class Throughput {
    private Throughput() {
    }

    static double flopsPerToken(ModelSpec spec, long parameters, int sequenceLength) {
        long embedding = (long) spec.vocabSize() * spec.dModel() + (long) spec.maxPositions() * spec.dModel();
        long outputProjection = (long) spec.outputVocabSize() * spec.dModel();
        double matmul = 6.0 * (parameters - embedding + outputProjection);
        double attention = 12.0 * spec.layers() * spec.dModel() * sequenceLength;
        return matmul + attention;
    }

    /**
     * FLOP/s of a float matmul on this JVM (a 1024² product, best of a few runs after warm-up),
     * through {@code Nd4j.gemm} as the layers call it ({@code INDArray.mmul} is slower, see Matmul).
     */
    static double measuredMatmulPeak() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        INDArray b = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        INDArray c = Nd4j.createUninitialized(DataType.FLOAT, 1024, 1024);
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return 2.0 * 1024 * 1024 * 1024 / best;
    }
}
