package io.sparkllm.model.tokenizer;

/** A tokenizer file that is missing, malformed or uses a component this package does not implement. */
public final class TokenizerFormatException extends RuntimeException {
    public TokenizerFormatException(String message) {
        super(message);
    }

    public TokenizerFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
