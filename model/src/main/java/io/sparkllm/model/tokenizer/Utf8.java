package io.sparkllm.model.tokenizer;

/** UTF-8 encoding of string regions straight into a sink of bytes, without temporary arrays. */
final class Utf8 {
    /** Receives bytes one by one. */
    interface ByteSink {
        void accept(int unsignedByte);
    }

    private Utf8() {
    }

    /** Encodes {@code s[from, to)}; a lone surrogate becomes U+FFFD, as Rust strings cannot hold one. */
    static void encode(String s, int from, int to, ByteSink out) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.accept(c);
            } else if (c < 0x800) {
                out.accept(0xC0 | (c >> 6));
                out.accept(0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.accept(0xF0 | (cp >> 18));
                out.accept(0x80 | ((cp >> 12) & 0x3F));
                out.accept(0x80 | ((cp >> 6) & 0x3F));
                out.accept(0x80 | (cp & 0x3F));
            } else {
                int cp = Character.isSurrogate(c) ? 0xFFFD : c;
                out.accept(0xE0 | (cp >> 12));
                out.accept(0x80 | ((cp >> 6) & 0x3F));
                out.accept(0x80 | (cp & 0x3F));
            }
        }
    }
}
