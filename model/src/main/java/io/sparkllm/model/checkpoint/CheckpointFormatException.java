package io.sparkllm.model.checkpoint;

/**
 * A checkpoint that can't become a model: a config this project can't build, a tensor missing
 * or left over, a shape that doesn't fit. The message is one line naming the file, the tensor or
 * the graph parameter, and what was expected.
 */
public final class CheckpointFormatException extends RuntimeException {
    public CheckpointFormatException(String message) {
        super(message);
    }

    public CheckpointFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
