package io.sparkllm.model.generate;

/** One sequence being decoded incrementally (a key/value cache behind it, or full recomputation). */
public interface DecoderSession extends AutoCloseable {
    /** Appends tokens (the whole prompt first, then one token at a time) and returns the logits [vocab] for the next position. */
    float[] append(int[] tokens);

    @Override
    default void close() {
    }
}
