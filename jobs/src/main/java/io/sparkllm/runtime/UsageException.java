package io.sparkllm.runtime;

/** A mistake in how the job was called (unknown key, bad value, missing option): exit code 2. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
