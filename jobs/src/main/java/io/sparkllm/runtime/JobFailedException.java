package io.sparkllm.runtime;

/** A job could not do its work for a reason the user can act on (missing input, existing output): exit code 1. */
public class JobFailedException extends RuntimeException {
    public JobFailedException(String message) {
        super(message);
    }

    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
