package io.sparkllm.jobs.tokenize;

import io.sparkllm.model.tokenizer.Tokenizer;
import io.sparkllm.model.tokenizer.TokenizerFiles;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One tokenizer per executor JVM: tasks receive the tokenizer.json bytes (a broadcast) and share
 * the tokenizer built from them, which is immutable and thread-safe.
 */
public final class ExecutorTokenizers {
    private static final Map<String, Tokenizer> BUILT = new ConcurrentHashMap<>();

    private ExecutorTokenizers() {
    }

    public static Tokenizer of(String key, byte[] json) {
        return BUILT.computeIfAbsent(key, k -> TokenizerFiles.fromHuggingFaceJson(json, k));
    }
}
