package io.sparkllm.jobs.tokenize;

import io.sparkllm.model.tokenizer.Tokenizer;
import io.sparkllm.model.tokenizer.TokenizerFiles;
import io.sparkllm.model.tokenizer.TokenizerFormatException;
import io.sparkllm.runtime.UsageException;

import java.nio.file.Path;

/** A job's tokenizer setting read on the driver; a bad file is the user's one-line error. */
public final class TokenizerInput {
    private TokenizerInput() {
    }

    public static Tokenizer load(String path) {
        try {
            return TokenizerFiles.load(Path.of(path));
        } catch (TokenizerFormatException e) {
            throw new UsageException("tokenizer: " + e.getMessage());
        }
    }
}
