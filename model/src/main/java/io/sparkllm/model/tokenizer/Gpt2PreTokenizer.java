package io.sparkllm.model.tokenizer;

/**
 * GPT-2's pre-tokenisation pattern as a hand-written scanner:
 * <pre>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</pre>
 * Alternatives are tried in order at each position, as the regex engine does; the
 * {@code \s+(?!\S)} rule leaves the last whitespace character of a run for the next word when
 * the run is followed by a non-space.
 */
public final class Gpt2PreTokenizer {
    private Gpt2PreTokenizer() {
    }

    /** The words of a text, in order (for counting them when training). */
    public static java.util.List<String> words(String text) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int pos = 0; pos < text.length(); ) {
            int end = wordEnd(text, pos, text.length());
            out.add(text.substring(pos, end));
            pos = end;
        }
        return out;
    }

    /** The end of the word that starts at {@code start} ({@code start < end}). */
    static int wordEnd(String s, int start, int end) {
        char c = s.charAt(start);
        if (c == '\'' && start + 1 < end) {
            int contraction = contractionEnd(s, start, end);
            if (contraction > 0) {
                return contraction;
            }
        }
        int i = start;
        byte cls = classAt(s, i);
        if (c == ' ' && i + 1 < end) {
            byte following = classAt(s, i + 1);
            if (following != UnicodeClasses.SPACE) {
                i++;
                cls = following;
            }
        }
        if (cls != UnicodeClasses.SPACE) {
            return runEnd(s, i, end, cls);
        }
        int run = runEnd(s, i, end, UnicodeClasses.SPACE);
        if (run == end || run - i == 1) {
            return run;
        }
        return run - 1; // whitespace is all BMP: one char back leaves it for the next word
    }

    private static int contractionEnd(String s, int start, int end) {
        char d = s.charAt(start + 1);
        if (d == 's' || d == 't' || d == 'm' || d == 'd') {
            return start + 2;
        }
        if (start + 2 < end) {
            char e = s.charAt(start + 2);
            if ((d == 'r' && e == 'e') || (d == 'v' && e == 'e') || (d == 'l' && e == 'l')) {
                return start + 3;
            }
        }
        return -1;
    }

    private static byte classAt(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? UnicodeClasses.of(s.codePointAt(i)) : UnicodeClasses.of(c);
    }

    private static int runEnd(String s, int i, int end, byte cls) {
        while (i < end) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < end) {
                int cp = s.codePointAt(i);
                if (UnicodeClasses.of(cp) != cls) {
                    return i;
                }
                i += Character.charCount(cp);
            } else {
                if (UnicodeClasses.of(c) != cls) {
                    return i;
                }
                i++;
            }
        }
        return i;
    }
}
