package io.sparkllm.model.tokenizer;

/**
 * The character classes of the GPT-2 pattern as Oniguruma (Hugging Face's regex engine) reads
 * them: {@code \p{L}}, {@code \p{N}} and {@code \s} (Unicode White_Space, which differs from
 * {@link Character#isWhitespace}: it includes U+00A0 and U+202F and excludes U+001C..U+001F).
 * BMP characters are looked up in a table.
 */
final class UnicodeClasses {
    static final byte OTHER = 0;
    static final byte LETTER = 1;
    static final byte NUMBER = 2;
    static final byte SPACE = 3;

    private static final byte[] BMP = new byte[65536];

    static {
        for (int c = 0; c < 65536; c++) {
            BMP[c] = compute(c);
        }
    }

    private UnicodeClasses() {
    }

    static byte of(int codePoint) {
        return codePoint < 65536 ? BMP[codePoint] : compute(codePoint);
    }

    static boolean isWhiteSpace(int c) {
        return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
                || c == 0x3000;
    }

    private static byte compute(int c) {
        if (isWhiteSpace(c)) {
            return SPACE;
        }
        switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER:
                return LETTER;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER:
                return NUMBER;
            default:
                return OTHER;
        }
    }
}
