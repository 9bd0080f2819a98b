package io.sparkllm.model.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads and saves tokenizers: a Hugging Face tokenizer.json, GPT-2's encoder.json + vocab.bpe,
 * BERT's vocab.txt, or a directory holding one of them (looked for in that order).
 */
public final class TokenizerFiles {
    private static final String[] BERT_SPECIALS = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};

    private TokenizerFiles() {
    }

    /** Loads a tokenizer file or directory; {@link TokenizerFormatException} (one line) when it cannot. */
    public static Tokenizer load(Path path) {
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve("tokenizer.json"))) {
                return loadHuggingFace(path.resolve("tokenizer.json"));
            }
            if (Files.isRegularFile(path.resolve("encoder.json")) && Files.isRegularFile(path.resolve("vocab.bpe"))) {
                return loadGpt2(path.resolve("encoder.json"), path.resolve("vocab.bpe"));
            }
            if (Files.isRegularFile(path.resolve("vocab.txt"))) {
                return loadBertVocab(path.resolve("vocab.txt"), !isCased(path));
            }
            throw new TokenizerFormatException(path + ": no tokenizer.json, encoder.json + vocab.bpe or vocab.txt in it");
        }
        if (!Files.isRegularFile(path)) {
            throw new TokenizerFormatException(path + ": no such file or directory");
        }
        String name = path.getFileName().toString();
        if (name.endsWith(".txt")) {
            return loadBertVocab(path, !isCased(path));
        }
        if (name.equals("encoder.json")) {
            return loadGpt2(path, path.resolveSibling("vocab.bpe"));
        }
        return loadHuggingFace(path);
    }

    /** BERT vocabularies are taken as uncased (lower-casing, accent stripping) unless the path says "cased". */
    private static boolean isCased(Path path) {
        String p = path.toAbsolutePath().toString().toLowerCase();
        return p.contains("cased") && !p.contains("uncased");
    }

    public static Tokenizer loadHuggingFace(Path file) {
        JsonNode root;
        try {
            root = HuggingFaceJson.MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new TokenizerFormatException(file + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new TokenizerFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (!root.isObject() || !root.has("model")) {
            throw new TokenizerFormatException(file + ": not a tokenizer.json (no \"model\")");
        }
        return new HuggingFaceJsonReader(file, root).read();
    }

    /**
     * A tokenizer from {@code tokenizer.json} bytes (as {@link #write} gives them), e.g. shipped to
     * Spark executors; {@code origin} names it in errors.
     */
    public static Tokenizer fromHuggingFaceJson(byte[] json, String origin) {
        JsonNode root;
        try {
            root = HuggingFaceJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new TokenizerFormatException(origin + ": not valid JSON: " + e.getMessage().split("\n")[0]);
        }
        if (!root.isObject() || !root.has("model")) {
            throw new TokenizerFormatException(origin + ": not a tokenizer.json (no \"model\")");
        }
        return new HuggingFaceJsonReader(Path.of(origin), root).read();
    }

    /** GPT-2's original files: the token-to-id map and the merges list (after a "#version" line). */
    public static Tokenizer loadGpt2(Path encoderJson, Path vocabBpe) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        try {
            JsonNode root = HuggingFaceJson.MAPPER.readTree(requireFile(encoderJson).toFile());
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                ids.put(e.getKey(), e.getValue().asInt());
            }
        } catch (IOException e) {
            throw new TokenizerFormatException(encoderJson + ": cannot read: " + e.getMessage(), e);
        }
        Vocabulary vocab = new Vocabulary(ids);
        PairMergeTable merges = new PairMergeTable(ids.size());
        int rank = 0;
        for (String line : lines(requireFile(vocabBpe))) {
            if (line.startsWith("#version") || line.isBlank()) {
                continue;
            }
            int space = line.indexOf(' ');
            String left = space < 0 ? line : line.substring(0, space);
            String right = space < 0 ? "" : line.substring(space + 1);
            int a = vocab.id(left);
            int b = vocab.id(right);
            int merged = vocab.id(left + right);
            if (a < 0 || b < 0 || merged < 0) {
                throw new TokenizerFormatException(vocabBpe + ": merge '" + line + "' names a token missing from "
                        + encoderJson.getFileName());
            }
            merges.put(a, b, rank++, merged);
        }
        List<AddedTokens.Token> added = new ArrayList<>();
        int eot = vocab.id("<|endoftext|>");
        if (eot >= 0) {
            added.add(new AddedTokens.Token(eot, "<|endoftext|>", true, false));
        }
        return new ByteLevelBpeTokenizer(vocab, merges, new AddedTokens(added), false, HuggingFaceComponents.gpt2());
    }

    /** BERT's vocab.txt (one token a line, the line number is the id) with BERT's normalizer and [CLS] A [SEP]. */
    public static Tokenizer loadBertVocab(Path vocabTxt, boolean lowercase) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (String line : lines(requireFile(vocabTxt))) {
            ids.putIfAbsent(line.stripTrailing(), ids.size());
        }
        Vocabulary vocab = new Vocabulary(ids);
        List<AddedTokens.Token> added = new ArrayList<>();
        for (String special : BERT_SPECIALS) {
            int id = vocab.id(special);
            if (id >= 0) {
                added.add(new AddedTokens.Token(id, special, true, false));
            }
        }
        int cls = vocab.id("[CLS]");
        int sep = vocab.id("[SEP]");
        if (cls < 0 || sep < 0 || vocab.id("[UNK]") < 0) {
            throw new TokenizerFormatException(vocabTxt + ": a BERT vocabulary needs [CLS], [SEP] and [UNK]");
        }
        return new WordPieceTokenizer(vocab, new AddedTokens(added), new BertNormalizer(true, true, lowercase, lowercase),
                "[UNK]", "##", 100, new SingleTemplate(new int[] {cls}, new int[] {sep}),
                HuggingFaceComponents.bert(lowercase, cls, sep));
    }

    /** Writes the tokenizer as a tokenizer.json that Hugging Face tokenizers loads. */
    public static void save(Tokenizer tokenizer, Path file) {
        try {
            HuggingFaceJson.MAPPER.writeValue(file.toFile(), tokenizer.toHuggingFaceJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the tokenizer.json to a stream (left open), for files on Hadoop filesystems. */
    public static void write(Tokenizer tokenizer, java.io.OutputStream out) throws IOException {
        HuggingFaceJson.MAPPER.writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writeValue(out, tokenizer.toHuggingFaceJson());
    }

    private static Path requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new TokenizerFormatException(file + ": no such file");
        }
        return file;
    }

    private static List<String> lines(Path file) {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                out.add(line);
            }
        } catch (IOException e) {
            throw new TokenizerFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
        return out;
    }
}
