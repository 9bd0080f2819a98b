package io.sparkllm.model.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Rotary embedding in ND4J ops on per-head arrays {@code [batch, heads, time, headSize]}, in
 * Hugging Face's "rotate half" layout ({@link Rotary}): y = x · C + swap(x) · S, where swap
 * exchanges the two halves of a head, C holds cos(angle) in both halves and S holds -sin(angle)
 * in the first, +sin(angle) in the second. Its backward pass is dx = dy · C + swap(dy · S).
 */
record RotaryTables(INDArray cos, INDArray signedSin) {
    static RotaryTables of(long time, long headSize, double theta, DataType type) {
        int half = (int) (headSize / 2);
        double[][] cos = new double[(int) time][(int) headSize];
        double[][] sin = new double[(int) time][(int) headSize];
        for (int p = 0; p < time; p++) {
            for (int i = 0; i < half; i++) {
                double angle = p * Math.pow(theta, -2.0 * i / headSize);
                cos[p][i] = cos[p][i + half] = Math.cos(angle);
                sin[p][i] = -Math.sin(angle);
                sin[p][i + half] = Math.sin(angle);
            }
        }
        return new RotaryTables(Nd4j.createFromArray(cos).castTo(type), Nd4j.createFromArray(sin).castTo(type));
    }

    long time() {
        return cos.size(0);
    }

    INDArray rotate(INDArray x) {
        return times(x, cos).addi(times(swapHalves(x), signedSin));
    }

    /** The error at the rotated array's input, from the error at its output. */
    INDArray rotateBackward(INDArray error) {
        return times(error, cos).addi(swapHalves(times(error, signedSin)));
    }

    /** x [b, h, time, headSize] times a [time, headSize] table at every batch entry and head. */
    private static INDArray times(INDArray x, INDArray table) {
        INDArray out = x.ulike();
        Nd4j.exec(new BroadcastMulOp(x, table, out, 2, 3));
        return out;
    }

    private static INDArray swapHalves(INDArray x) {
        long size = x.size(3);
        return Nd4j.concat(3, x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(size / 2, size)),
                x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, size / 2)));
    }
}
