package io.sparkllm.jobs.eval.bleu;

import java.util.regex.Pattern;

/**
 * mteval-v14's international tokenizer: every Unicode punctuation character (category P) is split off
 * unless a number character (category N) stands on both sides, and every symbol (category S) always.
 * Unlike 13a the segment is not padded, so, as in mteval-v14 itself, a period right after a number at the
 * end of a segment stays attached. The categories are Java's (its Unicode version), not ICU's.
 */
public final class TokenizerIntl implements BleuTokenizer {
    private static final long serialVersionUID = 1L;
    private static final Pattern PUNCTUATION_AFTER_NON_DIGIT = Pattern.compile("(\\P{N})(\\p{P})");
    private static final Pattern PUNCTUATION_BEFORE_NON_DIGIT = Pattern.compile("(\\p{P})(\\P{N})");
    private static final Pattern SYMBOL = Pattern.compile("(\\p{S})");

    @Override
    public String tokenize(String segment) {
        String s = PUNCTUATION_AFTER_NON_DIGIT.matcher(segment).replaceAll("$1 $2 ");
        s = PUNCTUATION_BEFORE_NON_DIGIT.matcher(s).replaceAll(" $1 $2");
        s = SYMBOL.matcher(s).replaceAll(" $1 ");
        return PythonText.collapseSpaces(s);
    }

    @Override
    public String signatureName() {
        return "intl";
    }
}
