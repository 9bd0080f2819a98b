package io.sparkllm.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.jobs.tokenize.TokenizeJob;
import io.sparkllm.jobs.tokenizer.TokenizerTrainJob;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Training data for the train tests: the first 1,200 lines of Tiny Shakespeare as 40-line scenes,
 * a 384-token BPE trained on them, and their causal windows of 32 tokens (10% to valid/), plus a
 * GPT-2 preset sized for them.
 */
public final class ShakespeareWindows {
    public static final int VOCAB = 384;

    private ShakespeareWindows() {
    }

    /** Writes everything under {@code dir}; returns the tokenize output (dir/windows). */
    public static Path prepare(Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> play = Files.readAllLines(SharedData.path("tinyshakespeare/input.txt"));
        StringBuilder docs = new StringBuilder();
        for (int i = 0; i + 40 <= 1200; i += 40) {
            docs.append(json.writeValueAsString(Map.of("id", "scene-" + i, "text", String.join("\n", play.subList(i, i + 40)))))
                    .append('\n');
        }
        Path corpus = dir.resolve("corpus.jsonl");
        Files.writeString(corpus, docs);
        Map<String, Object> tokenizer = new HashMap<>();
        tokenizer.put("input", List.of(corpus.toString()));
        tokenizer.put("output", dir.resolve("tokenizer").toString());
        tokenizer.put("vocab-size", VOCAB);
        Jobs.run(new TokenizerTrainJob(), tokenizer);
        Map<String, Object> tokenize = new HashMap<>();
        tokenize.put("input", List.of(corpus.toString()));
        tokenize.put("output", dir.resolve("windows").toString());
        tokenize.put("tokenizer", dir.resolve("tokenizer/tokenizer.json").toString());
        tokenize.put("seq-len", 32);
        tokenize.put("valid-fraction", 0.1);
        Jobs.run(new TokenizeJob(), tokenize);
        Files.writeString(preset(dir), "model { family = gpt2, vocab-size = " + VOCAB + ", max-positions = 32, "
                + "d-model = 32, layers = 2, heads = 2, ffn-size = 64 }");
        return dir.resolve("windows");
    }

    public static Path preset(Path dir) {
        return dir.resolve("tiny.conf");
    }
}
