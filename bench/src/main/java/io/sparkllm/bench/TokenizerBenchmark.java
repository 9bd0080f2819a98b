package io.sparkllm.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.sparkllm.model.tokenizer.Tokenizer;
import io.sparkllm.model.tokenizer.TokenizerFiles;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * {@code bench/run.sh tokenizer [MB]}: single-thread encode throughput of sparkllm's GPT-2
 * tokenizer, JTokkit ({@code r50k_base}: the same vocabulary and ids) and Hugging Face tokenizers
 * through DJL, on the same webdocs lines (13 languages), after a warm-up pass. Reports MB/s by wall
 * time and by the thread's CPU time (the machine is shared, so CPU time is the steadier figure).
 */
public final class TokenizerBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private TokenizerBenchmark() {
    }

    record Result(String name, double wallMbPerS, double cpuMbPerS, long tokens) {
    }

    public static void main(String[] args) throws Exception {
        double hfMegabytes = args.length > 0 ? Double.parseDouble(args[0]) : 4.0;
        Path shared = Path.of(System.getenv().getOrDefault("SPARKLLM_SHARED_DATA",
                Path.of(System.getenv("SPARKLLM_ROOT"), "..", "shared", "data").toString()));
        List<String> lines = webdocLines(shared.resolve("webdocs"));
        long bytes = utf8Bytes(lines);
        List<String> hfLines = prefix(lines, (long) (hfMegabytes * 1e6));
        System.err.printf("%d webdocs lines, %.1f MB (Hugging Face measured on the first %.1f MB)%n", lines.size(),
                bytes / 1e6, utf8Bytes(hfLines) / 1e6);

        Tokenizer ours = TokenizerFiles.load(shared.resolve("tokenizers/gpt2"));
        Encoding jtokkit = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
        HuggingFaceTokenizer hf;
        try (InputStream in = Files.newInputStream(shared.resolve("tokenizers/gpt2/tokenizer.json"))) {
            hf = HuggingFaceTokenizer.newInstance(in, Map.of("addSpecialTokens", "false", "truncation", "false",
                    "padding", "false"));
        }

        List<Result> results = new ArrayList<>();
        results.add(measure("sparkllm", lines, t -> ours.encode(t, false).length, 5));
        results.add(measure("jtokkit", lines, t -> jtokkit.encodeOrdinary(t).size(), 5));
        // A fresh tokenizer has an empty word cache: one timed pass shows the speed before it fills.
        Tokenizer fresh = TokenizerFiles.load(shared.resolve("tokenizers/gpt2"));
        results.add(measure("sparkllm (cold cache)", lines, t -> fresh.encode(t, false).length, 1, false));
        Result oursOnHfLines = measure("sparkllm (HF's lines)", hfLines, t -> ours.encode(t, false).length, 3);
        Result hfResult = measure("huggingface", hfLines, t -> hf.encode(t, false, false).getIds().length, 1);
        results.add(oursOnHfLines);
        results.add(hfResult);

        System.out.printf("%-22s %12s %12s %12s%n", "tokenizer", "wall MB/s", "cpu MB/s", "tokens");
        for (Result r : results) {
            System.out.printf("%-22s %12.2f %12.2f %12d%n", r.name(), r.wallMbPerS(), r.cpuMbPerS(), r.tokens());
        }
        Result o = results.get(0);
        Result j = results.get(1);
        if (o.tokens() != j.tokens()) {
            System.out.println("WARNING: token counts differ between sparkllm and jtokkit");
        }
        double tokensPerSecond = tokenizeJob(shared, lines);
        System.out.printf("sparkllm tokenize (causal, seq-len 1024, GPT-2, %d cores): %.0f tokens/s%n",
                Runtime.getRuntime().availableProcessors(), tokensPerSecond);
        System.out.printf("vs huggingface (cpu, same %.1f MB): %.1fx%n", utf8Bytes(hfLines) / 1e6,
                oursOnHfLines.cpuMbPerS() / hfResult.cpuMbPerS());
        System.out.printf("gpt2 encode (wall): %.2f MB/s (jtokkit: %.2f, ratio: %.2fx)%n", o.wallMbPerS(),
                j.wallMbPerS(), o.wallMbPerS() / j.wallMbPerS());
        System.out.printf("gpt2 encode (cpu): %.2f MB/s (jtokkit: %.2f, ratio: %.2fx)%n", o.cpuMbPerS(),
                j.cpuMbPerS(), o.cpuMbPerS() / j.cpuMbPerS());
    }

    /** Tokens per second of the whole {@code sparkllm tokenize} job over the lines (one document each), Spark started. */
    private static double tokenizeJob(Path shared, List<String> lines) throws Exception {
        Path work = Files.createTempDirectory("sparkllm-bench-tokenize");
        try {
            Path input = work.resolve("docs.jsonl");
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            try (java.io.BufferedWriter w = Files.newBufferedWriter(input)) {
                for (int i = 0; i < lines.size(); i++) {
                    w.write(json.writeValueAsString(Map.of("id", "line-" + i, "text", lines.get(i))));
                    w.write('\n');
                }
            }
            var config = io.sparkllm.runtime.JobConfigs.effective("tokenize", List.of(new io.sparkllm.runtime.JobConfigs.Layer(
                    "bench", com.typesafe.config.ConfigFactory.parseMap(Map.of("input", List.of(input.toString()),
                            "output", work.resolve("out").toString(), "tokenizer",
                            shared.resolve("tokenizers/gpt2/tokenizer.json").toString(), "progress.interval-seconds", 60)))));
            io.sparkllm.runtime.SparkSessions.getOrCreate(config, "tokenize-bench");
            long start = System.nanoTime();
            new io.sparkllm.runtime.JobRunner(new java.io.PrintWriter(System.err, true), new java.io.PrintWriter(System.err, true))
                    .run(new io.sparkllm.jobs.tokenize.TokenizeJob(), config, false);
            double seconds = (System.nanoTime() - start) / 1e9;
            var stats = json.readTree(work.resolve("out/stats.json").toFile());
            long tokens = stats.path("tokens").path("train").asLong() + stats.path("tokens").path("valid").asLong();
            System.err.printf("sparkllm tokenize: %d tokens in %.1f s%n", tokens, seconds);
            return tokens / seconds;
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** One warm-up pass, then the best of {@code rounds} timed passes. */
    private static Result measure(String name, List<String> lines, ToIntFunction<String> encode, int rounds) {
        return measure(name, lines, encode, rounds, true);
    }

    private static Result measure(String name, List<String> lines, ToIntFunction<String> encode, int rounds,
                                  boolean warmUp) {
        long tokens = warmUp ? pass(lines, encode) : 0;
        double bestWall = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            tokens = pass(lines, encode);
            bestWall = Math.min(bestWall, (System.nanoTime() - wall0) / 1e9);
            bestCpu = Math.min(bestCpu, (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9);
        }
        double mb = utf8Bytes(lines) / 1e6;
        System.err.printf("%s: %.2f MB in %.2f s wall, %.2f s cpu%n", name, mb, bestWall, bestCpu);
        return new Result(name, mb / bestWall, mb / bestCpu, tokens);
    }

    private static long pass(List<String> lines, ToIntFunction<String> encode) {
        long tokens = 0;
        for (String line : lines) {
            tokens += encode.applyAsInt(line);
        }
        return tokens;
    }

    private static List<String> webdocLines(Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        for (Path f : files) {
            for (String record : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                String text = json.readTree(record).path("text").asText("");
                for (String line : text.split("\n")) {
                    if (!line.isBlank()) {
                        lines.add(line);
                    }
                }
            }
        }
        return lines;
    }

    private static List<String> prefix(List<String> lines, long maxBytes) {
        List<String> out = new ArrayList<>();
        long total = 0;
        for (String line : lines) {
            if (total >= maxBytes) {
                break;
            }
            out.add(line);
            total += line.getBytes(StandardCharsets.UTF_8).length;
        }
        return out;
    }

    private static long utf8Bytes(List<String> lines) {
        long total = 0;
        for (String line : lines) {
            total += line.getBytes(StandardCharsets.UTF_8).length;
        }
        return total;
    }
}
