package io.sparkllm.datasets.clean.gopher;

/**
 * Character classes and the word rule shared by the Gopher filters, so that both count the same
 * words.
 *
 * <p>Tokenisation: a token is a maximal run of characters that are not whitespace (Java
 * whitespace, Unicode space separators such as the no-break space, and U+0085). Leading and
 * trailing punctuation and symbols (Unicode categories P* and S*, which covers all ASCII
 * punctuation, quotes, dashes, brackets, currency signs and emoji) are stripped from each token;
 * a token that was nothing but punctuation or symbols is not a word. Inner characters stay, so
 * {@code don't}, {@code well-known} and {@code 3.5} are one word each. Word lengths are counted in
 * Unicode code points. Lines end at {@code \n}, {@code \r\n}, a lone {@code \r}, and the other
 * Unicode line separators (VT, FF, NEL, U+2028, U+2029), as Python's {@code splitlines} does.
 */
final class GopherText {
    private static final boolean[] ASCII_SPACE = new boolean[128];
    private static final boolean[] ASCII_EDGE = new boolean[128];
    private static final int PUNCT_OR_SYMBOL_TYPES = (1 << Character.CONNECTOR_PUNCTUATION)
            | (1 << Character.DASH_PUNCTUATION) | (1 << Character.START_PUNCTUATION)
            | (1 << Character.END_PUNCTUATION) | (1 << Character.INITIAL_QUOTE_PUNCTUATION)
            | (1 << Character.FINAL_QUOTE_PUNCTUATION) | (1 << Character.OTHER_PUNCTUATION)
            | (1 << Character.MATH_SYMBOL) | (1 << Character.CURRENCY_SYMBOL)
            | (1 << Character.MODIFIER_SYMBOL) | (1 << Character.OTHER_SYMBOL);

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_SPACE[c] = Character.isWhitespace(c);
            ASCII_EDGE[c] = c > ' ' && c < 127 && !Character.isLetterOrDigit(c);
        }
    }

    static final long HASH_SEED = 0xcbf29ce484222325L;

    private GopherText() {
    }

    static boolean isSpace(char c) {
        if (c < 128) {
            return ASCII_SPACE[c];
        }
        return c == '\u0085' || Character.isSpaceChar(c) || Character.isWhitespace(c);
    }

    /** A line separator; callers treat the {@code \r} of a {@code \r\n} pair as plain space. */
    static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u000B' || c == '\u000C' || c == '\u0085' || c == '\u2028'
                || c == '\u2029';
    }

    /** True where {@code text[i]} ends a line, counting {@code \r\n} once (at the {@code \n}). */
    static boolean breaksLineAt(String text, int i, char c) {
        return isLineBreak(c) && !(c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n');
    }

    static boolean isPunctuationOrSymbol(int cp) {
        if (cp < 128) {
            return ASCII_EDGE[cp];
        }
        return ((PUNCT_OR_SYMBOL_TYPES >>> Character.getType(cp)) & 1) != 0;
    }

    static boolean isLetter(int cp) {
        if (cp < 128) {
            int lower = cp | 0x20;
            return lower >= 'a' && lower <= 'z';
        }
        return Character.isLetter(cp);
    }

    /** First index in {@code [from, to)} after leading punctuation and symbols. */
    static int stripStart(String text, int from, int to) {
        while (from < to) {
            int cp = text.codePointAt(from);
            if (!isPunctuationOrSymbol(cp)) {
                break;
            }
            from += Character.charCount(cp);
        }
        return Math.min(from, to);
    }

    /** End index of {@code [from, to)} without trailing punctuation and symbols. */
    static int stripEnd(String text, int from, int to) {
        while (to > from) {
            int cp = text.codePointBefore(to);
            if (!isPunctuationOrSymbol(cp)) {
                break;
            }
            to -= Character.charCount(cp);
        }
        return Math.max(from, to);
    }

    /** One step of FNV-1a over UTF-16 units; equality is always checked after a hash match. */
    static long hashStep(long h, char c) {
        return (h ^ c) * 0x100000001b3L;
    }

    /** Finaliser from MurmurHash3, spreading a hash over table slots. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
