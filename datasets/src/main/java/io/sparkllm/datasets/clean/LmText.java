package io.sparkllm.datasets.clean;

import io.sparkllm.datasets.clean.roots.RootsText;
import io.sparkllm.datasets.clean.roots.SpecialCharacters;

import java.util.ArrayList;
import java.util.List;

/**
 * How text becomes sentences of words for the n-gram models, the same when a model is trained
 * ({@code sparkllm ngram-train}) and when a document is scored (the perplexity filter): one
 * sentence per non-empty line, words as ROOTS splits them, lower-cased, digits replaced by 0
 * (as ROOTS normalised text before its KenLM models).
 */
public final class LmText {
    private LmText() {
    }

    public static List<List<String>> sentences(String text, boolean cjkCharacters) {
        List<List<String>> sentences = new ArrayList<>();
        for (String line : text.split("\n")) {
            List<String> words = RootsText.words(digitsToZero(line), true, cjkCharacters, SpecialCharacters.rootsDefault());
            if (!words.isEmpty()) {
                sentences.add(words);
            }
        }
        return sentences;
    }

    private static String digitsToZero(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isDigit(c) && c != '0') {
                if (out == null) {
                    out = new StringBuilder(s);
                }
                out.setCharAt(i, '0');
            }
        }
        return out == null ? s : out.toString();
    }
}
