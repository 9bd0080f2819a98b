package io.sparkllm.datasets.dedup;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class FoldedCharsTest {
    private static List<Character> foldable() {
        List<Character> out = new ArrayList<>();
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            if (FoldedChars.fold((char) c) != FoldedChars.NEEDS_NORMALIZER) {
                out.add((char) c);
            }
        }
        return out;
    }

    /** What the fast scan makes of a text of foldable characters: folded words, single spaces. */
    private static String folded(String text) {
        StringBuilder out = new StringBuilder();
        boolean space = true;
        for (int i = 0; i < text.length(); i++) {
            char f = FoldedChars.fold(text.charAt(i));
            if (f != FoldedChars.SEPARATOR) {
                out.append(f);
                space = false;
            } else if (!space) {
                out.append(' ');
                space = true;
            }
        }
        if (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    @Test
    void everyFoldableCharacterNormalisesAsItsFold() {
        List<Character> foldable = foldable();
        assertThat(foldable.size()).as("most of the BMP folds").isGreaterThan(40_000);
        for (char c : foldable) {
            assertThat(folded(String.valueOf(c))).as("U+%04X", (int) c).isEqualTo(Shingles.normalize(String.valueOf(c)));
        }
        assertThat(FoldedChars.fold('É')).isEqualTo('é');
        assertThat(FoldedChars.fold('\uFF21')).as("fullwidth A").isEqualTo('a');
        assertThat(FoldedChars.fold('…')).isEqualTo(FoldedChars.SEPARATOR);
        assertThat(FoldedChars.fold('的')).isEqualTo('的');
        for (char slow : new char[] {'\u0301', 'Σ', '\u0130', 'ﬁ', '½', '\u1161', '\u3131', '\uFF9E', '\uD83D'}) {
            assertThat(FoldedChars.fold(slow)).as("U+%04X", (int) slow).isEqualTo(FoldedChars.NEEDS_NORMALIZER);
        }
    }

    /**
     * Normalisation is per character for foldable text: no foldable character composes with or
     * reorders around the one before it, whichever it is. Every foldable character is tried after
     * letters of the scripts that compose (Latin, Greek, Cyrillic, kana, Hangul syllables with and
     * without a final consonant) and after a sample of all the others.
     */
    @Test
    void foldableCharactersNeverInteractWithTheCharacterBefore() {
        List<Character> foldable = foldable();
        List<Character> before = new ArrayList<>();
        for (String run : List.of("AaEeIiOoUuNnCcSsZzYy", "ΑαΕεΗηΙιΟοΥυΩω", "АаЕеИиОоУуЫы", "かきくけこカキクケコはひふへほ",
                "가개고구기각갂")) {
            run.chars().forEach(c -> before.add((char) c));
        }
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 200; i++) {
            before.add(foldable.get(random.nextInt(foldable.size())));
        }
        for (char b : before) {
            assertThat(FoldedChars.fold(b)).as("U+%04X", (int) b).isNotEqualTo(FoldedChars.NEEDS_NORMALIZER);
            for (char c : foldable) {
                String pair = new String(new char[] {b, c});
                String expected = Shingles.normalize(pair);
                if (!folded(pair).equals(expected)) {
                    assertThat(folded(pair)).as("U+%04X U+%04X", (int) b, (int) c).isEqualTo(expected);
                }
            }
        }
    }
}
