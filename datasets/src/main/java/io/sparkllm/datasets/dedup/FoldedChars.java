package io.sparkllm.datasets.dedup;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * What {@link Shingles#normalize} makes of one UTF-16 character, when it can be told from the
 * character alone: a word character (NFKC, then lower case; e.g. 'É' to 'é', a fullwidth 'Ａ' to
 * 'a'), or a separator (punctuation, symbols, spaces; '…' becomes "..." and is still only
 * separators). Text made only of such characters normalises character by character, so it can be
 * shingled in one scan without building the normalised string.
 *
 * <p>Anything that may interact with its neighbours is {@link #NEEDS_NORMALIZER}: combining marks
 * (they compose with or reorder around the character before), Hangul jamo (they compose into
 * syllables), the capital sigma (lower-cased by its context), surrogates, and characters whose
 * normal form is several characters holding a letter or digit ('ﬁ', '½'). Normal forms are
 * computed on first use and remembered.
 */
final class FoldedChars {
    static final char SEPARATOR = 0;
    static final char NEEDS_NORMALIZER = 0xFFFF;
    // Neither a letter nor a digit (a noncharacter), so never a folded word character.
    private static final char UNKNOWN = 0xFFFE;
    // Every thread may fill entries; a race only writes the same value twice.
    private static final char[] TABLE = new char[Character.MAX_VALUE + 1];

    static {
        Arrays.fill(TABLE, UNKNOWN);
    }

    private FoldedChars() {
    }

    /** The character's folded word character, {@link #SEPARATOR}, or {@link #NEEDS_NORMALIZER}. */
    static char fold(char c) {
        char folded = TABLE[c];
        if (folded == UNKNOWN) {
            folded = compute(c);
            TABLE[c] = folded;
        }
        return folded;
    }

    private static char compute(char c) {
        if (Character.isSurrogate(c) || isMark(c)) {
            return NEEDS_NORMALIZER;
        }
        String nfkc = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC);
        if (nfkc.indexOf('\u03A3') >= 0) {
            return NEEDS_NORMALIZER;
        }
        String lower = nfkc.toLowerCase(Locale.ROOT);
        int letters = 0;
        for (int i = 0; i < lower.length(); i++) {
            char ch = lower.charAt(i);
            if (Character.isSurrogate(ch) || isMark(ch) || isJamo(ch)) {
                return NEEDS_NORMALIZER;
            }
            letters += Character.isLetterOrDigit(ch) ? 1 : 0;
        }
        if (letters == 0) {
            return SEPARATOR;
        }
        return lower.length() == 1 ? lower.charAt(0) : NEEDS_NORMALIZER;
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static boolean isJamo(char ch) {
        Character.UnicodeBlock block = Character.UnicodeBlock.of(ch);
        return block == Character.UnicodeBlock.HANGUL_JAMO || block == Character.UnicodeBlock.HANGUL_COMPATIBILITY_JAMO
                || block == Character.UnicodeBlock.HANGUL_JAMO_EXTENDED_A
                || block == Character.UnicodeBlock.HANGUL_JAMO_EXTENDED_B;
    }
}
