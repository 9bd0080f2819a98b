package io.sparkllm.model.checkpoint;

/** One tensor's header entry: element type, shape, and its byte range within the data section. */
public record TensorInfo(String name, SafetensorsType type, long[] shape, long begin, long end) {
    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
