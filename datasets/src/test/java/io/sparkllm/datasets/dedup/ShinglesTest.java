package io.sparkllm.datasets.dedup;

import io.sparkllm.datasets.testing.SharedData;
import io.sparkllm.datasets.text.Hash64;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ShinglesTest {
    private final Shingles words = new Shingles(Shingles.Unit.WORD, 5);

    /** The definition: split the normalised text on spaces, hash each word, hash each run of five. */
    private static long[] byDefinition(String text) {
        String normalized = Shingles.normalize(text);
        if (normalized.isEmpty()) {
            return new long[0];
        }
        long[] items = Arrays.stream(normalized.split(" ")).mapToLong(Hash64::of).toArray();
        int count = Math.max(1, items.length - 4);
        long[] out = new long[count];
        for (int s = 0; s < count; s++) {
            long h = 0x9E3779B97F4A7C15L;
            for (int j = s; j < Math.min(items.length, s + 5); j++) {
                h = Hash64.mix(h ^ items[j]) * 0x100000001B3L;
            }
            out[s] = Hash64.mix(h);
        }
        return Arrays.stream(out).sorted().distinct().toArray();
    }

    @Test
    void theAsciiScanAndTheUnicodePathShingleEveryRealDocumentByTheDefinition() throws Exception {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SharedData.path("webdocs"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                texts.addAll(SharedData.texts("webdocs/" + SharedData.path("webdocs").relativize(f)));
            }
        }
        texts.add(Files.readString(SharedData.path("tinyshakespeare/input.txt")).substring(0, 20_000));
        long ascii = texts.stream().filter(t -> t.chars().allMatch(c -> c < 0x80)).count();
        assertThat(ascii).as("both paths are exercised").isBetween(1L, texts.size() - 1L);
        for (String text : texts) {
            assertThat(words.of(text)).as(text.substring(0, Math.min(60, text.length()))).isEqualTo(byDefinition(text));
        }
    }

    /**
     * Text that needs the normaliser (here a combining acute starts it) is scanned after NFKC one
     * character at a time: every BMP character and the first two supplementary planes, each
     * between letters and alone, shingle as the definition's normalised string does; and so does
     * text with a capital sigma, whose lower case depends on its neighbours (normalised whole).
     */
    @Test
    void theNfkcScanShinglesEveryCharacterByTheDefinition() {
        for (int cp = 0; cp < 0x30000; cp++) {
            if (!Character.isDefined(cp) && cp > 0xFFFF) {
                continue;
            }
            String c = new String(Character.toChars(cp));
            String between = "e\u0301" + c + "b " + c + " x" + c;
            String alone = "o\u0301 " + c + " q";
            String sigma = "o\u0301 ΣΑΣ " + c + "Σ";
            assertThat(words.of(between)).as("U+%04X between letters", cp).isEqualTo(byDefinition(between));
            assertThat(words.of(alone)).as("U+%04X alone", cp).isEqualTo(byDefinition(alone));
            assertThat(words.of(sigma)).as("U+%04X by a capital sigma (the long way)", cp).isEqualTo(byDefinition(sigma));
        }
    }

    @Test
    void hashesKeepRepeatsInTextOrderAndOfIsTheirSortedSet() {
        String text = "one two three four five one two three four five";
        long[] raw = words.hashes(text);
        assertThat(raw).hasSize(6);
        assertThat(raw[0]).isEqualTo(raw[5]);
        assertThat(words.of(text)).isEqualTo(Arrays.stream(raw).sorted().distinct().toArray());
    }

    @Test
    void upperCaseAsciiLettersFoldLikeTheirLowerCase() {
        assertThat(words.of("THE QUICK BROWN FOX JUMPS")).isEqualTo(words.of("the quick brown fox jumps"));
        assertThat(words.of("I İ")).isEqualTo(byDefinition("I İ"));
    }
}
