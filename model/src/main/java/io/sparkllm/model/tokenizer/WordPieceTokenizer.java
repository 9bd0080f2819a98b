package io.sparkllm.model.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * WordPiece as BERT uses it: normalize, split into words, then take the longest vocabulary prefix
 * of each word again and again, continuations marked {@code ##}; a word with an unmatched rest, or
 * longer than the character limit, becomes [UNK].
 */
public final class WordPieceTokenizer extends VocabularyTokenizer {
    private final BertNormalizer normalizer;
    private final int unkId;
    private final String prefix;
    private final int maxCharsPerWord;
    private final SingleTemplate template;
    private final HuggingFaceComponents components;

    WordPieceTokenizer(Vocabulary vocab, AddedTokens added, BertNormalizer normalizer, String unkToken,
                       String continuingSubwordPrefix, int maxCharsPerWord, SingleTemplate template,
                       HuggingFaceComponents components) {
        super(vocab, added.normalizedBy(normalizer::normalize));
        this.normalizer = normalizer;
        this.unkId = vocab.id(unkToken);
        if (unkId < 0) {
            throw new TokenizerFormatException("WordPiece unk token '" + unkToken + "' is not in the vocabulary");
        }
        this.prefix = continuingSubwordPrefix;
        this.maxCharsPerWord = maxCharsPerWord;
        this.template = template;
        this.components = components;
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        IntList out = new IntList(text.length() / 4 + 8);
        AddedTokens.Sink pieces = new AddedTokens.Sink() {
            @Override
            public void text(String s, int from, int to) {
                BertPreTokenizer.split(s.substring(from, to), word -> encodeWord(word, out));
            }

            @Override
            public void token(int id) {
                out.add(id);
            }
        };
        added.splitRaw(text, new AddedTokens.Sink() {
            @Override
            public void text(String s, int from, int to) {
                added.splitNormalized(normalizer.normalize(s.substring(from, to)), pieces);
            }

            @Override
            public void token(int id) {
                out.add(id);
            }
        });
        return addSpecialTokens ? template.apply(out) : out.toArray();
    }

    private void encodeWord(String word, IntList out) {
        if (word.codePointCount(0, word.length()) > maxCharsPerWord) {
            out.add(unkId);
            return;
        }
        List<Integer> pieces = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            int found = -1;
            while (start < end) {
                String sub = word.substring(start, end);
                int id = vocab.id(start > 0 ? prefix + sub : sub);
                if (id >= 0) {
                    found = id;
                    break;
                }
                end = word.offsetByCodePoints(end, -1);
            }
            if (found < 0) {
                out.add(unkId);
                return;
            }
            pieces.add(found);
            start = end;
        }
        for (int id : pieces) {
            out.add(id);
        }
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        StringBuilder text = new StringBuilder();
        boolean first = true;
        for (int id : ids) {
            String content = added.contentOf(id);
            if (content != null && skipSpecialTokens && added.isSpecial(id)) {
                continue;
            }
            String token = content != null ? content : vocab.token(id);
            if (!first && token.startsWith(prefix)) {
                token = token.substring(prefix.length());
            } else if (!first) {
                token = " " + token;
            }
            first = false;
            text.append(cleanup(token));
        }
        return text.toString();
    }

    /** Hugging Face's clean-up of spaces before punctuation and English contractions. */
    private static String cleanup(String s) {
        return s.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",")
                .replace(" ' ", "'").replace(" n't", "n't").replace(" 'm", "'m").replace(" 's", "'s")
                .replace(" 've", "'ve").replace(" 're", "'re");
    }

    @Override
    public ObjectNode toHuggingFaceJson() {
        ObjectNode model = HuggingFaceJson.MAPPER.createObjectNode();
        model.put("type", "WordPiece");
        model.put("unk_token", vocab.token(unkId));
        model.put("continuing_subword_prefix", prefix);
        model.put("max_input_chars_per_word", maxCharsPerWord);
        model.set("vocab", HuggingFaceJson.vocabObject(vocab));
        return HuggingFaceJson.document(added, components, model);
    }
}
