package io.sparkllm.datasets.pairs;

/**
 * The text measures the pair rules share. Sentences are compared and counted after
 * {@link #normalize}: whitespace runs become one space and the ends are trimmed, as Moses'
 * clean-corpus-n does before it counts tokens.
 */
public final class PairText {
    private PairText() {
    }

    /** Every run of whitespace (any Unicode space, tabs, line breaks) as one space; no leading or trailing space. */
    public static String normalize(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Tokens as Moses counts them: the space-separated words of a normalised sentence. */
    public static int tokens(String normalized) {
        if (normalized.isEmpty()) {
            return 0;
        }
        int n = 1;
        for (int i = 0; i < normalized.length(); i++) {
            if (normalized.charAt(i) == ' ') {
                n++;
            }
        }
        return n;
    }

    /**
     * Control characters (Unicode Cc: C0, DEL, C1) other than tab, line feed, vertical tab, form feed
     * and carriage return, which normalisation already turns into spaces.
     */
    public static int controlCharacters(String raw) {
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Character.getType(c) == Character.CONTROL && !(c >= '\t' && c <= '\r')) {
                n++;
            }
        }
        return n;
    }
}
