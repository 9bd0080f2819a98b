package io.sparkllm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.model.tokenizer.ByteLevelBpeTrainer;
import io.sparkllm.model.tokenizer.Gpt2PreTokenizer;
import io.sparkllm.model.tokenizer.Tokenizer;
import io.sparkllm.model.tokenizer.TokenizerFiles;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code bench/run.sh tokenizer-train [vocab]}: byte-level BPE merges learned by sparkllm's trainer
 * and by Hugging Face's (its Rust trainer through the official Node binding) from the same text,
 * Tiny Shakespeare and every webdocs document, one sequence per line, GPT-2 pre-tokenisation on
 * both sides. Hugging Face's trainer is run to its default vocabulary and its merges cut to ours:
 * the merge sequence is greedy, so a smaller vocabulary is a prefix of a larger one. Prints the
 * share of our merges Hugging Face also learned, where the two sequences first differ, and both
 * trainers' times.
 */
public final class TokenizerTrainOverlap {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerTrainOverlap() {
    }

    public static void main(String[] args) throws Exception {
        int vocabSize = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
        Path root = Path.of(System.getenv("SPARKLLM_ROOT"));
        Path shared = Path.of(System.getenv().getOrDefault("SPARKLLM_SHARED_DATA", root.resolve("../shared/data").toString()));
        Path work = Files.createTempDirectory("sparkllm-bench-bpe");
        Path corpus = work.resolve("corpus.txt");
        try (BufferedWriter w = Files.newBufferedWriter(corpus)) {
            w.write(Files.readString(shared.resolve("tinyshakespeare/input.txt")));
            try (Stream<Path> files = Files.walk(shared.resolve("webdocs"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                    for (String line : Files.readAllLines(f)) {
                        w.write(JSON.readTree(line).get("text").asText());
                        w.write('\n');
                    }
                }
            }
        }
        // The lines exactly as a line reader gives them, counted with the GPT-2 pattern.
        Map<String, Long> counts = new HashMap<>();
        long bytes = Files.size(corpus);
        for (String line : Files.readAllLines(corpus, StandardCharsets.UTF_8)) {
            for (String word : Gpt2PreTokenizer.words(line)) {
                counts.merge(word, 1L, Long::sum);
            }
        }
        long start = System.nanoTime();
        Tokenizer ours = new ByteLevelBpeTrainer(vocabSize, 0, List.of()).train(counts);
        double oursSeconds = (System.nanoTime() - start) / 1e9;
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        TokenizerFiles.write(ours, saved);
        List<String> ourMerges = merges(JSON.readTree(saved.toByteArray()));

        Path hfOut = work.resolve("hf.json");
        start = System.nanoTime();
        Process node = new ProcessBuilder("node", root.resolve("bench/node/hf-train.js").toString(), corpus.toString(),
                hfOut.toString()).inheritIO().start();
        if (node.waitFor() != 0) {
            throw new IllegalStateException("Hugging Face's trainer failed (bench/node: npm install?)");
        }
        double hfSeconds = (System.nanoTime() - start) / 1e9;
        List<String> hfMerges = merges(JSON.readTree(hfOut.toFile()));
        int n = Math.min(ourMerges.size(), hfMerges.size());
        Set<String> theirs = new HashSet<>(hfMerges.subList(0, n));
        long common = ourMerges.subList(0, n).stream().filter(theirs::contains).count();
        int firstDifference = 0;
        while (firstDifference < n && ourMerges.get(firstDifference).equals(hfMerges.get(firstDifference))) {
            firstDifference++;
        }
        System.out.printf("corpus: %.1f MB, %d distinct words; vocabulary %d (%d merges)%n", bytes / 1e6, counts.size(),
                vocabSize, n);
        System.out.printf("identical merge sequence up to rank %d%s%n", firstDifference,
                firstDifference < n ? " (ours: " + ourMerges.get(firstDifference) + ", Hugging Face: "
                        + hfMerges.get(firstDifference) + ")" : "");
        System.out.printf("sparkllm trainer %.1f s (counts given); Hugging Face trainer %.1f s (reading and counting "
                + "included, to its default 30,000-token vocabulary)%n", oursSeconds, hfSeconds);
        System.out.printf("tokenizer-train merge overlap: %.2f %% (peer: Hugging Face BpeTrainer, ratio: %.4f)%n",
                100.0 * common / n, (double) common / n);
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Merges as "left right" strings, from either form tokenizer.json uses. */
    private static List<String> merges(JsonNode tokenizerJson) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : tokenizerJson.path("model").path("merges")) {
            out.add(m.isArray() ? m.get(0).asText() + " " + m.get(1).asText() : m.asText());
        }
        return out;
    }
}
