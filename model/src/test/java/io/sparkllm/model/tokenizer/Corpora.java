package io.sparkllm.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** The real texts the tokenizers are checked on, from ../shared/data, by corpus name. */
final class Corpora {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Corpora() {
    }

    static Path shared() {
        String env = System.getenv("SPARKLLM_SHARED_DATA");
        return env != null ? Path.of(env) : Path.of("..", "..", "shared", "data");
    }

    private static Map<String, List<String>> all;

    /**
     * webdocs (one text per document), multi30k (lines), humaneval-x (prompt + solution),
     * tinyshakespeare (lines); read once per test JVM, as several test classes use them.
     */
    static synchronized Map<String, List<String>> all() {
        if (all == null) {
            all = read();
        }
        return all;
    }

    private static Map<String, List<String>> read() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("webdocs", webdocs());
        out.put("multi30k", multi30k());
        out.put("humaneval-x", humanEvalX());
        out.put("tinyshakespeare", lines(shared().resolve("tinyshakespeare/input.txt")));
        out.replaceAll((name, texts) -> List.copyOf(texts));
        return java.util.Collections.unmodifiableMap(out);
    }

    private static List<String> webdocs() {
        List<String> texts = new ArrayList<>();
        for (Path file : files(shared().resolve("webdocs"), ".jsonl")) {
            for (String line : lines(file)) {
                texts.add(field(line, "text"));
            }
        }
        return texts;
    }

    private static List<String> multi30k() {
        List<String> texts = new ArrayList<>();
        for (Path file : files(shared().resolve("multi30k"), ".gz")) {
            texts.addAll(lines(file));
        }
        return texts;
    }

    private static List<String> humanEvalX() {
        List<String> texts = new ArrayList<>();
        for (Path file : files(shared().resolve("humaneval-x"), ".jsonl.gz")) {
            for (String line : lines(file)) {
                texts.add(field(line, "prompt") + field(line, "canonical_solution"));
            }
        }
        return texts;
    }

    private static String field(String jsonLine, String name) {
        try {
            JsonNode node = JSON.readTree(jsonLine).get(name);
            return node == null || node.isNull() ? "" : node.asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path file) {
        List<String> out = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
