package io.sparkllm.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Hugging Face tokenizer.json into one of the tokenizers here: byte-level BPE (GPT-2),
 * SentencePiece-style BPE (LLaMA) or WordPiece (BERT). Any other model, normalizer,
 * pre-tokenizer, post-processor or decoder is refused with one line naming the file and the part.
 */
final class HuggingFaceJsonReader {
    private final Path file;
    private final JsonNode root;

    HuggingFaceJsonReader(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    Tokenizer read() {
        JsonNode model = root.path("model");
        String type = text(model.path("type"));
        if (type == null && model.has("merges")) {
            type = "BPE";
        }
        if (type == null && model.has("max_input_chars_per_word")) {
            type = "WordPiece";
        }
        Vocabulary vocab = vocabulary(model.path("vocab"));
        AddedTokens added = addedTokens();
        HuggingFaceComponents components = new HuggingFaceComponents(root.get("normalizer"), root.get("pre_tokenizer"),
                root.get("post_processor"), root.get("decoder"));
        if ("BPE".equals(type)) {
            return bpe(model, vocab, added, components);
        }
        if ("WordPiece".equals(type)) {
            return wordPiece(model, vocab, added, components);
        }
        throw unsupported("model type '" + type + "'");
    }

    private Tokenizer bpe(JsonNode model, Vocabulary vocab, AddedTokens added, HuggingFaceComponents c) {
        if (!model.path("dropout").isNull() && !model.path("dropout").isMissingNode()) {
            throw unsupported("BPE dropout");
        }
        for (String affix : new String[] {"continuing_subword_prefix", "end_of_word_suffix"}) {
            String value = text(model.path(affix));
            if (value != null && !value.isEmpty()) {
                throw unsupported("BPE " + affix + " '" + value + "'");
            }
        }
        PairMergeTable merges = merges(model.path("merges"), vocab);
        String preType = typeOf(c.preTokenizer());
        JsonNode byteLevel = byteLevelStep(c.preTokenizer());
        if (byteLevel != null) {
            if (!c.normalizer().isNull()) {
                throw unsupported("normalizer '" + typeOf(c.normalizer()) + "' with a byte-level pre-tokenizer");
            }
            requireType("decoder", c.decoder(), "ByteLevel", null);
            requireType("post_processor", c.postProcessor(), "ByteLevel", null);
            boolean regex = byteLevel.path("use_regex").asBoolean(true);
            WordSplitter splitter = byteLevel != c.preTokenizer() ? BloomPreTokenizer::wordEnd
                    : regex ? Gpt2PreTokenizer::wordEnd : WordSplitter.WHOLE;
            if (byteLevel != c.preTokenizer() && regex) {
                throw unsupported("BLOOM's split followed by a ByteLevel pre-tokenizer with use_regex");
            }
            return new ByteLevelBpeTokenizer(vocab, merges, added, byteLevel.path("add_prefix_space").asBoolean(false),
                    splitter, c);
        }
        if (preType != null) {
            throw unsupported("pre_tokenizer '" + preType + "'");
        }
        if (!isSentencePieceNormalizer(c.normalizer())) {
            throw unsupported("normalizer " + c.normalizer() + " for a BPE model without pre-tokenizer"
                    + " (expected Sequence[Prepend '\u2581', Replace ' ' -> '\u2581'])");
        }
        if (!c.decoder().isNull() && !isSentencePieceDecoder(c.decoder())) {
            throw unsupported("decoder " + c.decoder() + " for a BPE model without pre-tokenizer"
                    + " (expected Sequence[Replace '\u2581' -> ' ', ByteFallback, Fuse, Strip ' ' 1 0])");
        }
        return new SentencePieceBpeTokenizer(vocab, merges, added, text(model.path("unk_token")),
                model.path("fuse_unk").asBoolean(false), model.path("byte_fallback").asBoolean(false),
                template(c.postProcessor(), vocab, added), c);
    }

    private Tokenizer wordPiece(JsonNode model, Vocabulary vocab, AddedTokens added, HuggingFaceComponents c) {
        requireType("normalizer", c.normalizer(), "BertNormalizer", "BertNormalizer");
        requireType("pre_tokenizer", c.preTokenizer(), "BertPreTokenizer", "BertPreTokenizer");
        requireType("decoder", c.decoder(), "WordPiece", null);
        JsonNode n = c.normalizer();
        boolean lowercase = n.path("lowercase").asBoolean(true);
        boolean stripAccents = n.path("strip_accents").isNull() || n.path("strip_accents").isMissingNode()
                ? lowercase : n.path("strip_accents").asBoolean();
        BertNormalizer normalizer = new BertNormalizer(n.path("clean_text").asBoolean(true),
                n.path("handle_chinese_chars").asBoolean(true), stripAccents, lowercase);
        String unk = model.has("unk_token") ? text(model.path("unk_token")) : "[UNK]";
        String prefix = model.has("continuing_subword_prefix") ? text(model.path("continuing_subword_prefix")) : "##";
        return new WordPieceTokenizer(vocab, added, normalizer, unk, prefix,
                model.path("max_input_chars_per_word").asInt(100), template(c.postProcessor(), vocab, added), c);
    }

    /**
     * The ByteLevel step of a byte-level pre-tokenizer: the pre-tokenizer itself, or the second of
     * a Sequence whose first is BLOOM's Split; null for anything else.
     */
    private JsonNode byteLevelStep(JsonNode pre) {
        if ("ByteLevel".equals(typeOf(pre))) {
            return pre;
        }
        if (!"Sequence".equals(typeOf(pre))) {
            return null;
        }
        JsonNode steps = pre.path("pretokenizers");
        if (steps.size() != 2 || !"ByteLevel".equals(typeOf(steps.get(1)))) {
            throw unsupported("pre_tokenizer Sequence " + pre);
        }
        JsonNode split = steps.get(0);
        if (!"Split".equals(typeOf(split)) || !BloomPreTokenizer.PATTERN.equals(text(split.path("pattern").path("Regex")))
                || !"Isolated".equals(text(split.path("behavior"))) || split.path("invert").asBoolean(false)) {
            throw unsupported("pre_tokenizer " + split + " (of Split, only BLOOM's pattern, Isolated, is implemented)");
        }
        return steps.get(1);
    }

    private static boolean isSentencePieceNormalizer(JsonNode n) {
        if (!"Sequence".equals(typeOf(n)) || n.path("normalizers").size() != 2) {
            return false;
        }
        JsonNode prepend = n.path("normalizers").get(0);
        JsonNode replace = n.path("normalizers").get(1);
        return "Prepend".equals(typeOf(prepend)) && "\u2581".equals(text(prepend.path("prepend")))
                && "Replace".equals(typeOf(replace)) && " ".equals(text(replace.path("pattern").path("String")))
                && "\u2581".equals(text(replace.path("content")));
    }

    private static boolean isSentencePieceDecoder(JsonNode d) {
        JsonNode steps = d.path("decoders");
        if (!"Sequence".equals(typeOf(d)) || steps.size() != 4) {
            return false;
        }
        JsonNode replace = steps.get(0);
        JsonNode strip = steps.get(3);
        return "Replace".equals(typeOf(replace)) && "\u2581".equals(text(replace.path("pattern").path("String")))
                && " ".equals(text(replace.path("content"))) && "ByteFallback".equals(typeOf(steps.get(1)))
                && "Fuse".equals(typeOf(steps.get(2))) && "Strip".equals(typeOf(strip))
                && " ".equals(text(strip.path("content"))) && strip.path("start").asInt() == 1
                && strip.path("stop").asInt() == 0;
    }

    private SingleTemplate template(JsonNode post, Vocabulary vocab, AddedTokens added) {
        String type = typeOf(post);
        if (type == null) {
            return SingleTemplate.NONE;
        }
        if (type.equals("BertProcessing") || type.equals("RobertaProcessing")) {
            return new SingleTemplate(new int[] {post.path("cls").get(1).asInt()},
                    new int[] {post.path("sep").get(1).asInt()});
        }
        if (!type.equals("TemplateProcessing")) {
            throw unsupported("post_processor '" + type + "'");
        }
        List<Integer> prefix = new ArrayList<>();
        List<Integer> suffix = new ArrayList<>();
        boolean seenSequence = false;
        for (JsonNode piece : post.path("single")) {
            if (piece.has("Sequence")) {
                seenSequence = true;
                continue;
            }
            String name = text(piece.path("SpecialToken").path("id"));
            JsonNode ids = post.path("special_tokens").path(name).path("ids");
            if (ids.isMissingNode()) {
                throw unsupported("post_processor special token '" + name + "' without ids");
            }
            for (JsonNode id : ids) {
                (seenSequence ? suffix : prefix).add(id.asInt());
            }
        }
        return new SingleTemplate(prefix.stream().mapToInt(Integer::intValue).toArray(),
                suffix.stream().mapToInt(Integer::intValue).toArray());
    }

    private Vocabulary vocabulary(JsonNode node) {
        if (!node.isObject()) {
            throw new TokenizerFormatException(file + ": model.vocab is not an object of token to id");
        }
        Map<String, Integer> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), e.getValue().asInt());
        }
        for (JsonNode t : root.path("added_tokens")) {
            map.putIfAbsent(text(t.path("content")), t.path("id").asInt());
        }
        return new Vocabulary(map);
    }

    private PairMergeTable merges(JsonNode node, Vocabulary vocab) {
        PairMergeTable table = new PairMergeTable(node.size());
        int rank = 0;
        for (JsonNode m : node) {
            String left;
            String right;
            if (m.isArray()) {
                left = text(m.get(0));
                right = text(m.get(1));
            } else {
                String s = m.asText();
                int space = s.indexOf(' ');
                if (space < 0) {
                    throw new TokenizerFormatException(file + ": merge '" + s + "' is not two tokens");
                }
                left = s.substring(0, space);
                right = s.substring(space + 1);
            }
            int a = vocab.id(left);
            int b = vocab.id(right);
            int merged = vocab.id(left + right);
            if (a < 0 || b < 0 || merged < 0) {
                throw new TokenizerFormatException(file + ": merge '" + left + " " + right
                        + "' names a token missing from the vocabulary");
            }
            table.put(a, b, rank++, merged);
        }
        return table;
    }

    private AddedTokens addedTokens() {
        List<AddedTokens.Token> tokens = new ArrayList<>();
        for (JsonNode t : root.path("added_tokens")) {
            for (String flag : new String[] {"single_word", "lstrip", "rstrip"}) {
                if (t.path(flag).asBoolean(false)) {
                    throw unsupported("added token '" + text(t.path("content")) + "' with " + flag);
                }
            }
            tokens.add(new AddedTokens.Token(t.path("id").asInt(), text(t.path("content")),
                    t.path("special").asBoolean(false), t.path("normalized").asBoolean(!t.path("special").asBoolean())));
        }
        return new AddedTokens(tokens);
    }

    private void requireType(String part, JsonNode node, String expected, String orElse) {
        String type = typeOf(node);
        if (type == null ? orElse != null : !type.equals(expected)) {
            throw unsupported(part + " '" + type + "' (expected " + expected + ")");
        }
    }

    private static String typeOf(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : text(node.path("type"));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    private TokenizerFormatException unsupported(String what) {
        return new TokenizerFormatException(file + ": unsupported tokenizer.json component: " + what);
    }
}
