package io.sparkllm.datasets.clean.roots;

import java.util.ArrayList;
import java.util.List;

/**
 * How ROOTS cuts a document into words: split on spaces, newlines and tabs, strip special
 * characters from both ends of each word, drop empty words. Where ROOTS used a SentencePiece
 * model ({@code tokenization = true}, e.g. Chinese) each CJK character counts as a word instead.
 */
public final class RootsText {
    private RootsText() {
    }

    public static List<String> words(String text, boolean lowerCase, boolean cjkCharacters, SpecialCharacters strip) {
        List<String> words = new ArrayList<>();
        int n = text.length();
        int start = -1;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : ' ';
            boolean separator = c == ' ' || c == '\n' || c == '\t';
            if (!separator && cjkCharacters && isCjk(c)) {
                if (start >= 0) {
                    addStripped(text, start, i, lowerCase, strip, words);
                    start = -1;
                }
                words.add(String.valueOf(c));
                continue;
            }
            if (separator) {
                if (start >= 0) {
                    addStripped(text, start, i, lowerCase, strip, words);
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        return words;
    }

    private static void addStripped(String text, int from, int to, boolean lowerCase, SpecialCharacters strip,
                                    List<String> out) {
        while (from < to && strip.contains(text.charAt(from))) {
            from++;
        }
        while (to > from && strip.contains(text.charAt(to - 1))) {
            to--;
        }
        if (from < to) {
            String word = text.substring(from, to);
            out.add(lowerCase ? word.toLowerCase() : word);
        }
    }

    static boolean isCjk(char c) {
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA;
    }

    /**
     * ROOTS' word removal before filtering: splits on spaces only (as the source does, so a
     * newline stays inside its word), drops words holding a URL-like substring and words longer
     * than the cutoff, as the language's parameters ask, and joins the rest with single spaces.
     */
    public static String stripWords(String text, RootsParameters p) {
        if (!p.removeWordsWithIncorrectSubstrings && !p.removeLongWords) {
            return text;
        }
        // Word by word over index ranges, with no substring per word; the URL-like substrings are
        // found once in the whole text, and a word is dropped when one lies wholly inside it.
        List<String> substrings = p.removeWordsWithIncorrectSubstrings ? p.incorrectWordSubstrings : List.of();
        SubstringHits hits = new SubstringHits(text, substrings);
        StringBuilder out = new StringBuilder(text.length());
        int n = text.length();
        int from = 0;
        while (from < n) {
            int to = text.indexOf(' ', from);
            if (to < 0) {
                to = n;
            }
            if (to > from && !dropped(text, from, to, p, hits)) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(text, from, to);
            }
            from = to + 1;
        }
        return out.toString();
    }

    private static boolean dropped(String text, int from, int to, RootsParameters p, SubstringHits hits) {
        // A word has at least as many chars as code points, so only long ones need counting.
        if (p.removeLongWords && to - from > p.lengthWordMaxCutoff
                && text.codePointCount(from, to) > p.lengthWordMaxCutoff) {
            return true;
        }
        return hits.anyWithin(from, to);
    }

    /** Consecutive words joined, for stopword matching in languages written without spaces. */
    public static List<String> augmentation(List<String> words, List<Integer> groupSizes, String joinChar) {
        List<String> out = new ArrayList<>();
        for (int size : groupSizes) {
            for (int i = 0; i + size <= words.size(); i++) {
                out.add(String.join(joinChar, words.subList(i, i + size)));
            }
        }
        return out;
    }
}
