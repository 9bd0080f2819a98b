package io.sparkllm.jobs.eval.bleu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The few Python {@code str} operations sacreBLEU's results depend on, with Python's rules: its whitespace
 * set (wider than {@link Character#isWhitespace}: it also holds U+00A0, U+2007, U+202F and U+0085) and its
 * full lowercase mapping.
 */
public final class PythonText {
    private PythonText() {
    }

    /** Python's {@code str.isspace()} for one character: every whitespace character is in the BMP. */
    public static boolean isSpace(char c) {
        switch (c) {
            case '\t', '\n', '\u000b', '\f', '\r', '\u001c', '\u001d', '\u001e', '\u001f', ' ', '\u0085', '\u00a0',
                    '\u1680', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000':
                return true;
            default:
                return c >= '\u2000' && c <= '\u200a';
        }
    }

    /** Python's {@code s.split()}: the runs of non-whitespace, no empty strings. */
    public static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < s.length(); i++) {
            if (isSpace(s.charAt(i))) {
                if (start >= 0) {
                    words.add(s.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        if (start >= 0) {
            words.add(s.substring(start));
        }
        return words;
    }

    /** Python's {@code ' '.join(s.split())}. */
    public static String collapseSpaces(String s) {
        return String.join(" ", split(s));
    }

    /** Python's {@code s.rstrip()}. */
    public static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Python's {@code s.strip()}. */
    public static String strip(String s) {
        String right = rstrip(s);
        int start = 0;
        while (start < right.length() && isSpace(right.charAt(start))) {
            start++;
        }
        return right.substring(start);
    }

    /**
     * Python's {@code s.lower()}: the full lowercase mapping (U+0130 becomes "i" + U+0307, as in Java) and
     * Python's own final-sigma rule. Java decides a final sigma by word boundaries, Python by the Unicode
     * rule alone (a cased letter before it, skipping case-ignorable ones, and none after), so "bㆠΣ." and
     * "ΑΣ䶵" lowercase differently; the sigma is therefore decided here.
     */
    public static String lower(String s) {
        int sigma = s.indexOf(CAPITAL_SIGMA);
        if (sigma < 0) {
            return s.toLowerCase(Locale.ROOT);
        }
        StringBuilder out = new StringBuilder(s.length() + 8);
        int start = 0;
        while (sigma >= 0) {
            out.append(s.substring(start, sigma).toLowerCase(Locale.ROOT));
            out.append(isFinalSigma(s, sigma) ? '\u03c2' : '\u03c3');
            start = sigma + 1;
            sigma = s.indexOf(CAPITAL_SIGMA, start);
        }
        return out.append(s.substring(start).toLowerCase(Locale.ROOT)).toString();
    }

    private static final char CAPITAL_SIGMA = '\u03a3';

    /** Unicode's Final_Sigma condition, as Python tests it: cased (case-ignorable)* SIGMA !((case-ignorable)* cased). */
    private static boolean isFinalSigma(String s, int index) {
        int before = index;
        int cp = -1;
        while (before > 0) {
            cp = s.codePointBefore(before);
            if (!isCaseIgnorable(cp)) {
                break;
            }
            before -= Character.charCount(cp);
            cp = -1;
        }
        if (cp < 0 || !isCased(cp)) {
            return false;
        }
        int after = index + 1;
        while (after < s.length()) {
            cp = s.codePointAt(after);
            if (!isCaseIgnorable(cp)) {
                return !isCased(cp);
            }
            after += Character.charCount(cp);
        }
        return true;
    }

    /** Unicode's Cased property. */
    static boolean isCased(int cp) {
        return Character.isLowerCase(cp) || Character.isUpperCase(cp) || Character.isTitleCase(cp);
    }

    /** Unicode's Case_Ignorable property: some general categories plus the word-internal punctuation of Word_Break. */
    static boolean isCaseIgnorable(int cp) {
        switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.FORMAT, Character.MODIFIER_LETTER,
                    Character.MODIFIER_SYMBOL:
                return true;
            default:
                break;
        }
        switch (cp) {
            // Word_Break = MidLetter, MidNumLet or Single_Quote.
            case 0x27, 0x2e, 0x3a, 0xb7, 0x387, 0x55f, 0x5f4, 0x2018, 0x2019, 0x2024, 0x2027, 0xfe13, 0xfe52, 0xfe55,
                    0xff07, 0xff0e, 0xff1a:
                return true;
            default:
                return false;
        }
    }

    /** The string's code points, as Python indexes a {@code str}. */
    public static int[] codePoints(String s) {
        return s.codePoints().toArray();
    }
}
