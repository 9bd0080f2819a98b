package io.sparkllm.model.checkpoint;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * How a Hugging Face tensor holds the graph parameters it maps to: as they are, transposed, or
 * several fused into one. Each layout converts both ways, and knows the tensor's shape from the
 * parameters' shapes, so a checkpoint is checked against the graph before anything is copied.
 */
interface TensorLayout {
    /** The Hugging Face tensor's shape, given the shapes of the parameters it holds. */
    long[] shape(List<long[]> parts);

    /** The parameters' values, in order, from the Hugging Face tensor (already of {@link #shape}). */
    List<INDArray> split(INDArray tensor, List<long[]> parts);

    /** The Hugging Face tensor, in C order, from the parameters' values. */
    INDArray join(List<INDArray> parts);
}
