package io.sparkllm.model.tokenizer;

/**
 * BLOOM's split, {@code Split(" ?[^(\s|[.,!?…。，、।۔،])]+", Isolated)}, as a scanner. In
 * Oniguruma the class reads as "none of ( ) | whitespace . , ! ? … 。 ， 、 । ۔ ،", so a word is
 * an optional space and a run of other characters; with Isolated the text between two matches is
 * a word as well.
 */
final class BloomPreTokenizer {
    static final String PATTERN = " ?[^(\\s|[.,!?…。，、।۔،])]+";

    private BloomPreTokenizer() {
    }

    static int wordEnd(String s, int start, int end) {
        int i = start;
        if (s.charAt(i) == ' ' && i + 1 < end && isWordChar(s.charAt(i + 1))) {
            i++;
        }
        if (isWordChar(s.charAt(i))) {
            while (i < end && isWordChar(s.charAt(i))) {
                i++;
            }
            return i;
        }
        // No match starts here: the gap runs to where the next match starts.
        for (i = start + 1; i < end; i++) {
            char c = s.charAt(i);
            if (isWordChar(c) || (c == ' ' && i + 1 < end && isWordChar(s.charAt(i + 1)))) {
                return i;
            }
        }
        return end;
    }

    private static boolean isWordChar(char c) {
        switch (c) {
            case '(', ')', '|', '.', ',', '!', '?', '…', '。', '，', '、', '।', '۔', '،':
                return false;
            default:
                return !UnicodeClasses.isWhiteSpace(c);
        }
    }
}
