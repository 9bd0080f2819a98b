package io.sparkllm.datasets.clean.roots;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.BitSet;

/**
 * ROOTS' {@code special_characters_default}: ASCII punctuation, digits, whitespace, the source's
 * list of other special characters, and emoji. The source took its emoji from the emoji package's
 * table, which is not shipped; the Unicode emoji blocks stand in for it.
 */
public final class SpecialCharacters implements Serializable {
    private static final SpecialCharacters DEFAULT = load();
    private final BitSet bmp;

    private SpecialCharacters(BitSet bmp) {
        this.bmp = bmp;
    }

    public static SpecialCharacters rootsDefault() {
        return DEFAULT;
    }

    public boolean contains(int codePoint) {
        if (codePoint < 0x10000) {
            return bmp.get(codePoint) || isEmoji(codePoint);
        }
        return isEmoji(codePoint);
    }

    /** Emoji and pictographs: Misc Symbols and Dingbats, the supplementary emoji blocks, variation selector 16. */
    static boolean isEmoji(int cp) {
        return (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x1F000 && cp <= 0x1FAFF) || cp == 0xFE0F || cp == 0x200D
                || (cp >= 0x2B00 && cp <= 0x2BFF) || (cp >= 0x1F1E6 && cp <= 0x1F1FF);
    }

    private static SpecialCharacters load() {
        BitSet set = new BitSet(0x10000);
        String ascii = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~0123456789 \t\n\r\u000b\u000c";
        ascii.chars().forEach(set::set);
        try (InputStream in = SpecialCharacters.class.getResourceAsStream(
                "/io/sparkllm/datasets/clean/roots/parameters_filtering.json")) {
            String other = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in)
                    .get("_other_special_characters").asText();
            other.codePoints().filter(cp -> cp < 0x10000).forEach(set::set);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SpecialCharacters(set);
    }
}
