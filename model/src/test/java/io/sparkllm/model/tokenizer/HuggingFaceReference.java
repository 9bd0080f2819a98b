package io.sparkllm.model.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face tokenizers (the Rust library, through DJL; its jar carries the native library, so
 * nothing is downloaded) as the reference. The file is read from a stream so that no
 * tokenizer_config.json beside it changes the settings: special tokens on, no truncation, no padding.
 */
final class HuggingFaceReference implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;

    HuggingFaceReference(Path tokenizerJson) throws IOException {
        try (InputStream in = Files.newInputStream(tokenizerJson)) {
            tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("addSpecialTokens", "true", "truncation", "false",
                    "padding", "false"));
        }
    }

    /** Ids of every text, encoded in batches (the library spreads a batch over the cores). */
    List<int[]> encodeAll(List<String> texts) {
        List<int[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += 512) {
            Encoding[] batch = tokenizer.batchEncode(texts.subList(from, Math.min(texts.size(), from + 512)));
            for (Encoding e : batch) {
                long[] ids = e.getIds();
                int[] ints = new int[ids.length];
                for (int i = 0; i < ids.length; i++) {
                    ints[i] = (int) ids[i];
                }
                out.add(ints);
            }
        }
        return out;
    }

    String[] tokens(String text) {
        return tokenizer.encode(text).getTokens();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
