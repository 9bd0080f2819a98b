package io.sparkllm.model.tokenizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Tokens matched in the text before the model sees it ({@code <|endoftext|>}, {@code [MASK]},
 * {@code <s>}): the leftmost match wins, the longest of those starting there, as Hugging Face does.
 * A token marked {@code normalized} is matched in the normalized text, the others in the raw text.
 */
final class AddedTokens {
    /** One added token as tokenizer.json describes it. */
    record Token(int id, String content, boolean special, boolean normalized) {
    }

    /** Receives the pieces of a text: runs of ordinary text and added-token ids, in order. */
    interface Sink {
        void text(String s, int from, int to);

        void token(int id);
    }

    private final List<Token> tokens;
    private final String[] raw;
    private final int[] rawIds;
    private final String[] normalized;
    private final int[] normalizedIds;

    AddedTokens(List<Token> tokens) {
        this(tokens, UnaryOperator.identity());
    }

    /**
     * Hugging Face matches a normalized token by its normalized content: with LLaMA's normalizer
     * {@code <s>} is looked for as {@code ▁<s>}, so the space before it goes with it.
     */
    AddedTokens(List<Token> tokens, UnaryOperator<String> normalizer) {
        this.tokens = List.copyOf(tokens);
        List<Token> r = new ArrayList<>();
        List<Token> n = new ArrayList<>();
        for (Token t : tokens) {
            if (t.content().isEmpty()) {
                continue;
            }
            (t.normalized() ? n : r).add(t);
        }
        raw = r.stream().map(Token::content).toArray(String[]::new);
        rawIds = r.stream().mapToInt(Token::id).toArray();
        normalized = n.stream().map(t -> normalizer.apply(t.content())).toArray(String[]::new);
        normalizedIds = n.stream().mapToInt(Token::id).toArray();
    }

    /** The same tokens, the normalized ones looked for as the normalizer writes them. */
    AddedTokens normalizedBy(UnaryOperator<String> normalizer) {
        return new AddedTokens(tokens, normalizer);
    }

    List<Token> tokens() {
        return tokens;
    }

    boolean hasRaw() {
        return raw.length > 0;
    }

    boolean hasNormalized() {
        return normalized.length > 0;
    }

    /** Splits on the tokens matched in raw text. */
    void splitRaw(String text, Sink sink) {
        split(text, raw, rawIds, sink);
    }

    /** Splits on the tokens matched in normalized text. */
    void splitNormalized(String text, Sink sink) {
        split(text, normalized, normalizedIds, sink);
    }

    private static void split(String text, String[] contents, int[] ids, Sink sink) {
        int from = 0;
        int n = text.length();
        if (contents.length == 0) {
            if (n > 0) {
                sink.text(text, 0, n);
            }
            return;
        }
        int[] nextAt = new int[contents.length];
        for (int k = 0; k < contents.length; k++) {
            nextAt[k] = text.indexOf(contents[k]);
        }
        while (true) {
            int best = -1;
            for (int k = 0; k < contents.length; k++) {
                if (nextAt[k] >= 0 && nextAt[k] < from) {
                    nextAt[k] = text.indexOf(contents[k], from);
                }
                if (nextAt[k] >= 0 && (best < 0 || nextAt[k] < nextAt[best]
                        || (nextAt[k] == nextAt[best] && contents[k].length() > contents[best].length()))) {
                    best = k;
                }
            }
            if (best < 0) {
                break;
            }
            int at = nextAt[best];
            if (at > from) {
                sink.text(text, from, at);
            }
            sink.token(ids[best]);
            from = at + contents[best].length();
        }
        if (from < n) {
            sink.text(text, from, n);
        }
    }

    /** Special tokens by content, in id order. */
    Map<String, Integer> special() {
        List<Token> sorted = new ArrayList<>(tokens);
        sorted.sort((a, b) -> Integer.compare(a.id(), b.id()));
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Token t : sorted) {
            if (t.special()) {
                out.put(t.content(), t.id());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    boolean isSpecial(int id) {
        for (Token t : tokens) {
            if (t.id() == id && t.special()) {
                return true;
            }
        }
        return false;
    }

    /** The content of an added token with this id, or null. */
    String contentOf(int id) {
        for (Token t : tokens) {
            if (t.id() == id) {
                return t.content();
            }
        }
        return null;
    }
}
