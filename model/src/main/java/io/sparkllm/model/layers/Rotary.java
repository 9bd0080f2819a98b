package io.sparkllm.model.layers;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Rotary position embedding in Hugging Face's "rotate half" layout, shared by the standalone
 * layer and attention: feature i of a head pairs with i + headSize/2, and at position p the pair
 * turns by p · theta^(-2i / headSize).
 */
final class Rotary {
    private Rotary() {
    }

    /** The angles {@code [headSize/2, time]} for positions 0 .. time-1 ({@code time} a 1-element shape slice). */
    static SDVariable angles(SameDiff sd, SDVariable time, long headSize, double theta, DataType type) {
        int half = (int) (headSize / 2);
        double[] inverse = new double[half];
        for (int i = 0; i < half; i++) {
            inverse[i] = Math.pow(theta, -2.0 * i / headSize);
        }
        SDVariable frequencies = sd.constant(Nd4j.createFromArray(inverse).reshape(half, 1).castTo(type));
        SDVariable positions = sd.range(sd.constant(0L), time.reshape(), sd.constant(1L), type).reshape(1, -1);
        return frequencies.mmul(positions);
    }

    /**
     * Turns {@code x} (of rank {@code rank}: shapes built at run time are unknown when the graph is
     * defined) whose dimension {@code dim} holds one head's features; cos and sin broadcast
     * against its halves.
     */
    static SDVariable rotate(SameDiff sd, SDVariable x, SDVariable cos, SDVariable sin, int rank, int dim, long headSize) {
        SDVariable first = x.get(along(rank, dim, 0L, headSize / 2));
        SDVariable second = x.get(along(rank, dim, headSize / 2, headSize));
        return sd.concat(dim, first.mul(cos).sub(second.mul(sin)), second.mul(cos).add(first.mul(sin)));
    }

    private static SDIndex[] along(int rank, int dim, Long from, Long to) {
        SDIndex[] index = new SDIndex[rank];
        Arrays.fill(index, SDIndex.all());
        index[dim] = SDIndex.interval(from, to);
        return index;
    }
}
