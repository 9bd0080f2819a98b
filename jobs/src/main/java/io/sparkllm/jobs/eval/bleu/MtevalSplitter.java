package io.sparkllm.jobs.eval.bleu;

import java.util.regex.Pattern;

/**
 * The language-dependent part of mteval-v13a, shared by the 13a and zh tokenizers: ASCII punctuation and
 * symbols become tokens of their own, except the apostrophe and the hyphen, and a period or comma only where
 * it is not inside a number. Each rule is one left-to-right pass whose matches do not overlap, exactly as
 * Python's {@code re.sub}: in "a.." only the first period is split off by the "preceded by a non-digit" rule.
 */
final class MtevalSplitter {
    /** {@code [{-~[-`\u0020-&(-+:-@/]}: the ASCII characters padded with spaces unconditionally. */
    private static final boolean[] ALWAYS_SPLIT = new boolean[128];

    static {
        markRange('{', '~');
        markRange('[', '`');
        markRange(' ', '&');
        markRange('(', '+');
        markRange(':', '@');
        markRange('/', '/');
    }

    private static final Pattern PERIOD_COMMA_AFTER_NON_DIGIT = Pattern.compile("([^0-9])([.,])");
    private static final Pattern PERIOD_COMMA_BEFORE_NON_DIGIT = Pattern.compile("([.,])([^0-9])");
    private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

    private MtevalSplitter() {
    }

    private static void markRange(char first, char last) {
        for (char c = first; c <= last; c++) {
            ALWAYS_SPLIT[c] = true;
        }
    }

    static String split(String line) {
        StringBuilder padded = new StringBuilder(line.length() + 16);
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 128 && ALWAYS_SPLIT[c]) {
                padded.append(' ').append(c).append(' ');
            } else {
                padded.append(c);
            }
        }
        String s = padded.toString();
        s = PERIOD_COMMA_AFTER_NON_DIGIT.matcher(s).replaceAll("$1 $2 ");
        s = PERIOD_COMMA_BEFORE_NON_DIGIT.matcher(s).replaceAll(" $1 $2");
        s = DASH_AFTER_DIGIT.matcher(s).replaceAll("$1 $2 ");
        return PythonText.collapseSpaces(s);
    }
}
