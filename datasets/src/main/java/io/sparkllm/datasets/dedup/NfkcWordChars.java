package io.sparkllm.datasets.dedup;

/**
 * What {@link Shingles#normalize} makes of each UTF-16 character of text that is already NFKC:
 * its lower case where that is a letter, digit or spacing or non-spacing mark, else a separator.
 * Lower-casing is per character except for the capital sigma (final or not by its neighbours) and
 * the dotted capital I (two characters in lower case): those are {@link #IN_CONTEXT}, and text
 * holding them is normalised the long way. Surrogates are {@link #SURROGATE}: the caller looks at
 * the whole code point. One table look-up a character replaces lower-casing the whole text, two
 * property look-ups per code point and a second string.
 */
final class NfkcWordChars {
    static final char SEPARATOR = 0;
    static final char IN_CONTEXT = 0xFFFF;
    static final char SURROGATE = 0xFFFE;
    private static final char[] TABLE = new char[Character.MAX_VALUE + 1];

    static {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            TABLE[c] = compute(c);
        }
    }

    private NfkcWordChars() {
    }

    /** The character's lower-case word character, {@link #SEPARATOR}, {@link #IN_CONTEXT} or {@link #SURROGATE}. */
    static char of(char c) {
        return TABLE[c];
    }

    /** Whether normalisation keeps this (already lower-cased) code point as part of a word. */
    static boolean isWordCodePoint(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    private static char compute(int c) {
        if (Character.isSurrogate((char) c)) {
            return SURROGATE;
        }
        if (c == '\u03A3' || c == '\u0130') {
            return IN_CONTEXT;
        }
        int lower = Character.toLowerCase(c);
        if (!isWordCodePoint(lower)) {
            return SEPARATOR;
        }
        // A word character never lands on the markers: they are not letters, digits or marks.
        return Character.isBmpCodePoint(lower) ? (char) lower : IN_CONTEXT;
    }
}
