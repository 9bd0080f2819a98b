package io.sparkllm.datasets.clean;

import java.io.Serializable;
import java.text.Normalizer;

/**
 * The normalisation every document gets before filtering: Unicode NFC, line ends as '\n', control
 * characters removed (tabs and newlines stay), zero-width spaces and byte-order marks removed, and
 * every other Unicode space made a plain space (ROOTS' uniform whitespace). Joiners (U+200C/D) stay:
 * Indic and Arabic scripts and emoji need them.
 */
public final class TextNormalizer implements Serializable {
    private final boolean uniformWhitespace;

    public TextNormalizer(boolean uniformWhitespace) {
        this.uniformWhitespace = uniformWhitespace;
    }

    public String normalize(String text) {
        String nfc = Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text
                : Normalizer.normalize(text, Normalizer.Form.NFC);
        if (isClean(nfc)) {
            return nfc; // most documents need no change: skip copying them char by char
        }
        StringBuilder out = new StringBuilder(nfc.length());
        int n = nfc.length();
        for (int i = 0; i < n; i++) {
            char c = nfc.charAt(i);
            if (c == '\r') {
                if (i + 1 < n && nfc.charAt(i + 1) == '\n') {
                    continue;
                }
                out.append('\n');
            } else if (c == '\n' || c == '\t') {
                out.append(c);
            } else if (c == '\u200B' || c == '\uFEFF' || Character.getType(c) == Character.CONTROL) {
                continue;
            } else if (uniformWhitespace && (Character.getType(c) == Character.SPACE_SEPARATOR
                    || c == '\u2028' || c == '\u2029')) {
                out.append(c == '\u2028' || c == '\u2029' ? '\n' : ' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** True when the loop above would copy every character unchanged. */
    private boolean isClean(String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= ' ' && c < 0x7F || c == '\n' || c == '\t') {
                continue;
            }
            if (c < 0xA0 || c == '\u200B' || c == '\uFEFF' || c == '\u2028' || c == '\u2029') {
                return false; // CR, a control character, or one of the removed or replaced ones
            }
            int type = Character.getType(c);
            if (type == Character.CONTROL || uniformWhitespace && type == Character.SPACE_SEPARATOR) {
                return false;
            }
        }
        return true;
    }
}
