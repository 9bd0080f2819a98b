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

    /** FLOP/s of ND4J's float matmul on this JVM (a 1024² product, best of a few runs after warm-up). */
    static double measuredMatmulPeak() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        INDArray b = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        a.mmul(b);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            a.mmul(b);
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return 2.0 * 1024 * 1024 * 1024 / best;
    }
}
