package io.sparkllm.datasets.clean.gopher;

import io.sparkllm.datasets.clean.FilterResult;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static io.sparkllm.datasets.clean.gopher.GopherQualityFilterTest.byRule;
import static io.sparkllm.datasets.clean.gopher.GopherQualityFilterTest.onlyFails;
import static io.sparkllm.datasets.clean.gopher.GopherRepetitionFilter.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.assertj.core.api.Assertions.within;

class GopherRepetitionFilterTest {
    private final GopherRepetitionFilter filter = new GopherRepetitionFilter();

    /** A five-letter word, different for every {@code i}: {@code f} plus four letters. */
    private static String filler(int i) {
        return "f" + letters(i);
    }

    /** A five-letter word that no {@link #filler} equals. */
    private static String phraseWord(int i) {
        return "p" + letters(i);
    }

    private static String letters(int i) {
        char[] c = new char[4];
        for (int k = 3; k >= 0; k--) {
            c[k] = (char) ('a' + i % 26);
            i /= 26;
        }
        return new String(c);
    }

    /**
     * {@code total} five-letter words on one line: an {@code n}-word phrase at the start and again
     * in the middle, unique filler everywhere else. Every word has the same length, so the
     * character fractions equal word fractions: the phrase covers {@code 2n / total}.
     */
    private static String phraseTwice(int n, int total) {
        List<String> w = new ArrayList<>();
        int fill = 0;
        for (int i = 0; i < total; i++) {
            int offset = i < n ? i : i >= total / 2 && i < total / 2 + n ? i - total / 2 : -1;
            w.add(offset >= 0 ? phraseWord(offset) : filler(fill++));
        }
        return String.join(" ", w);
    }

    private static String uniqueLine(int line, int words) {
        List<String> w = new ArrayList<>();
        for (int i = 0; i < words; i++) {
            w.add(filler(line * 100 + i));
        }
        return String.join(" ", w) + ".";
    }

    private double value(String text, String rule) {
        return byRule(filter.apply(text)).get(rule).value();
    }

    @Test
    void everyRuleIsReportedInThePapersOrderWithThePapersThresholds() {
        List<FilterResult> results = filter.apply(uniqueLine(1, 30));
        assertThat(results).extracting(FilterResult::rule).containsExactlyElementsOf(filter.rules());
        assertThat(filter.rules()).containsExactly(DUP_LINE_FRAC, DUP_PARA_FRAC, DUP_LINE_CHAR_FRAC, DUP_PARA_CHAR_FRAC,
                "gopher_top_2gram_char_frac", "gopher_top_3gram_char_frac", "gopher_top_4gram_char_frac",
                "gopher_dup_5gram_char_frac", "gopher_dup_6gram_char_frac", "gopher_dup_7gram_char_frac",
                "gopher_dup_8gram_char_frac", "gopher_dup_9gram_char_frac", "gopher_dup_10gram_char_frac");
        assertThat(results).extracting(FilterResult::threshold)
                .containsExactly(0.30, 0.30, 0.20, 0.20, 0.20, 0.18, 0.16, 0.15, 0.14, 0.13, 0.12, 0.11, 0.10);
        assertThat(results).allMatch(FilterResult::passed);
        assertThat(results).allMatch(r -> r.value() == 0);
    }

    @Test
    void ordinaryProsePasses() {
        assertThat(filter.apply(GopherQualityFilterTest.PROSE)).allMatch(FilterResult::passed);
    }

    @Test
    void repeatedShortLinesFailOnlyTheDuplicateLineCountAndTheBoundaryPasses() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lines.add(uniqueLine(i, 8));
            if (i % 2 == 0) {
                lines.add("Yes!"); // 5 copies interleaved, and a sixth below
            }
        }
        lines.add("  Yes!  "); // trimmed, it equals the others
        // 16 lines, 5 of them repeat an earlier one
        List<FilterResult> results = filter.apply(String.join("\n", lines));
        onlyFails(results, DUP_LINE_FRAC);
        assertThat(byRule(results).get(DUP_LINE_FRAC).value()).isCloseTo(5 / 16.0, within(1e-12));

        // 10 lines, 3 repeats: exactly 0.3 passes; 4 repeats of 10 fail
        String atBoundary = String.join("\n", uniqueLine(1, 8), "Yes!", uniqueLine(2, 8), "Yes!", uniqueLine(3, 8),
                "Yes!", uniqueLine(4, 8), "Yes!", uniqueLine(5, 8), uniqueLine(6, 8));
        assertThat(value(atBoundary, DUP_LINE_FRAC)).isEqualTo(0.3);
        assertThat(filter.apply(atBoundary)).allMatch(FilterResult::passed);
        assertThat(byRule(filter.apply(atBoundary.replace(uniqueLine(6, 8), "Yes!"))).get(DUP_LINE_FRAC).passed())
                .isFalse();
    }

    @Test
    void repeatedParagraphsFailOnlyTheDuplicateParagraphCount() {
        String first = IntStream.range(0, 5).mapToObj(i -> uniqueLine(i, 8)).reduce((a, b) -> a + "\n" + b).get();
        String second = IntStream.range(5, 10).mapToObj(i -> uniqueLine(i, 8)).reduce((a, b) -> a + "\n" + b).get();
        // paragraphs: first, Yes!, second, Yes!, Yes! -> 2 of 5 repeat; lines: 2 of 13 repeat
        String text = String.join("\n\n", first, "Yes!", second, "Yes!", "Yes!");
        List<FilterResult> results = filter.apply(text);
        onlyFails(results, DUP_PARA_FRAC);
        assertThat(byRule(results).get(DUP_PARA_FRAC).value()).isCloseTo(0.4, within(1e-12));
        assertThat(byRule(results).get(DUP_LINE_FRAC).value()).isCloseTo(2 / 13.0, within(1e-12));
        // blank lines holding only spaces separate paragraphs too, and runs of them count once
        assertThat(filter.apply(String.join("\n  \n\n", first, "Yes!", second, "Yes!", "Yes!"))).isEqualTo(results);
    }

    @Test
    void aRepeatedLongLineFailsOnlyTheDuplicateLineCharacterShare() {
        String longWord = "x".repeat(100) + ".";
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lines.add(uniqueLine(i, 8)); // 8 * 5 + 7 spaces + "." = 48 characters
            if (i % 4 == 1) {
                lines.add(longWord); // 3 copies: 2 repeats of 101 characters
            }
        }
        List<FilterResult> results = filter.apply(String.join("\n", lines));
        onlyFails(results, DUP_LINE_CHAR_FRAC);
        assertThat(byRule(results).get(DUP_LINE_CHAR_FRAC).value()).isCloseTo(202 / (480.0 + 303), within(1e-12));
    }

    @Test
    void aRepeatedParagraphWithWideIndentationFailsOnlyTheDuplicateParagraphCharacterShare() {
        // The paragraph's lines are short, so line shares stay small, but the paragraph's span
        // (its inner line break and indentation included) is long.
        String indented = "Ab\n" + " ".repeat(300) + "Cd.";
        List<String> paragraphs = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            paragraphs.add(uniqueLine(3 * p, 8) + "\n" + uniqueLine(3 * p + 1, 8) + "\n" + uniqueLine(3 * p + 2, 8));
            if (p != 1) {
                paragraphs.add(indented);
            }
        }
        List<FilterResult> results = filter.apply(String.join("\n\n", paragraphs));
        onlyFails(results, DUP_PARA_CHAR_FRAC);
        // 306 of 3 * (3 * 48 + 2) + 2 * 306 characters
        assertThat(byRule(results).get(DUP_PARA_CHAR_FRAC).value()).isCloseTo(306 / 1050.0, within(1e-12));
    }

    @Test
    void aFrequentPhraseFailsOnlyItsOwnTopNgramRule() {
        // 2 words twice in 16: 0.25 > 0.20
        onlyFails(filter.apply(phraseTwice(2, 16)), topNgramRule(2));
        assertThat(value(phraseTwice(2, 16), topNgramRule(2))).isEqualTo(0.25);
        // 3 words twice in 32: 0.1875 in (0.18, 0.20]; its 2-grams cover 0.125
        onlyFails(filter.apply(phraseTwice(3, 32)), topNgramRule(3));
        assertThat(value(phraseTwice(3, 32), topNgramRule(2))).isEqualTo(0.125);
        // 4 words twice in 48: 0.1667 in (0.16, 0.18]
        onlyFails(filter.apply(phraseTwice(4, 48)), topNgramRule(4));
    }

    @Test
    void aRepeatedPhraseFailsOnlyTheDuplicateNgramRuleForItsLength() {
        // n words twice in t: 2n / t lies in (threshold(n), threshold(n) + 0.01], so shorter sizes,
        // which see the same covered words against a looser threshold, pass
        Map<Integer, Integer> totals = Map.of(5, 64, 6, 82, 7, 104, 8, 128, 9, 155, 10, 190);
        totals.forEach((n, total) -> {
            List<FilterResult> results = filter.apply(phraseTwice(n, total));
            onlyFails(results, dupNgramRule(n));
            assertThat(byRule(results).get(dupNgramRule(n)).value()).isCloseTo(2.0 * n / total, within(1e-12));
        });
    }

    @Test
    void ngramBoundariesPassAtTheThreshold() {
        assertThat(value(phraseTwice(2, 20), topNgramRule(2))).isEqualTo(0.2);
        assertThat(filter.apply(phraseTwice(2, 20))).allMatch(FilterResult::passed);
        assertThat(value(phraseTwice(10, 200), dupNgramRule(10))).isEqualTo(0.1);
        assertThat(filter.apply(phraseTwice(10, 200))).allMatch(FilterResult::passed);
    }

    @Test
    void overlappingOccurrencesCountEachCharacterOnce() {
        // "a a a a a a": the 2-gram "a a" occurs 5 times but covers 6 words, all the text
        assertThat(value("aa aa aa aa aa aa", topNgramRule(2))).isEqualTo(1.0);
        assertThat(value("aa aa aa aa aa aa aa aa aa aa aa aa", dupNgramRule(5))).isEqualTo(1.0);
        // both occurrences of a repeated 5-gram count, the first included
        String text = "one two three four five six seven eight one two three four five";
        assertThat(value(text, dupNgramRule(5))).isCloseTo(38 / 51.0, within(1e-12));
        // when no n-gram occurs twice the top n-gram rule measures 0, not its single n-gram's share
        assertThat(value("one two three", topNgramRule(2))).isZero();
    }

    @Test
    void topNgramTiesGoToTheLongerNgram() {
        // "ab cd" and "efghij klmnop" both occur twice; the longer one covers more characters
        String text = "ab cd x1 efghij klmnop x2 ab cd x3 efghij klmnop x4";
        assertThat(value(text, topNgramRule(2))).isCloseTo(2 * 12 / 40.0, within(1e-12));
    }

    @Test
    void wordsAreComparedAfterStrippingPunctuationButWithCase() {
        assertThat(value("Alpha beta. (alpha beta)", topNgramRule(2))).isZero();
        assertThat(value("alpha beta. (alpha beta)", topNgramRule(2))).isEqualTo(1.0);
    }

    @Test
    void lineEndingsDoNotChangeTheMeasures() {
        String text = String.join("\n\n", uniqueLine(1, 8) + "\n" + uniqueLine(2, 8), "Yes!", uniqueLine(3, 8), "Yes!");
        List<FilterResult> lf = filter.apply(text);
        assertThat(filter.apply(text.replace("\n", "\r\n"))).isEqualTo(lf);
        assertThat(byRule(lf).get(DUP_PARA_FRAC).value()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void emptyDocumentsMeasureZero() {
        for (String text : List.of("", "\n\n \n", "!!! ... ---", "word")) {
            assertThat(filter.apply(text)).allMatch(r -> r.value() == 0 && r.passed());
        }
    }

    @Test
    void thresholdsAndNgramSizesAreConfigurable() {
        GopherRepetitionFilter custom = GopherRepetitionFilter.builder().maxDupLineFrac(0.5).maxDupParaFrac(0.6)
                .maxDupLineCharFrac(0.7).maxDupParaCharFrac(0.8).topNgrams(Map.of(1, 0.5)).dupNgram(5, 0.3)
                .dupNgram(12, 0.01).build();
        assertThat(custom.rules()).containsExactly(DUP_LINE_FRAC, DUP_PARA_FRAC, DUP_LINE_CHAR_FRAC, DUP_PARA_CHAR_FRAC,
                "gopher_top_1gram_char_frac", "gopher_dup_5gram_char_frac", "gopher_dup_6gram_char_frac",
                "gopher_dup_7gram_char_frac", "gopher_dup_8gram_char_frac", "gopher_dup_9gram_char_frac",
                "gopher_dup_10gram_char_frac", "gopher_dup_12gram_char_frac");
        List<FilterResult> results = custom.apply(phraseTwice(12, 100));
        assertThat(results).extracting(FilterResult::threshold)
                .startsWith(0.5, 0.6, 0.7, 0.8, 0.5, 0.3);
        assertThat(byRule(results).get("gopher_dup_12gram_char_frac").value()).isCloseTo(0.24, within(1e-12));
        // top 1-gram: every phrase word occurs twice and they tie; one covers 2 of 100 words
        assertThat(byRule(results).get("gopher_top_1gram_char_frac").value()).isCloseTo(0.02, within(1e-12));
        assertThat(GopherRepetitionFilter.builder().topNgrams(Map.of()).dupNgrams(Map.of()).build()
                .apply(phraseTwice(5, 20))).hasSize(4);
        assertThatThrownBy(() -> GopherRepetitionFilter.builder().dupNgram(0, 0.1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashCollisionsNeverMergeDifferentElements() {
        FirstOccurrenceTable table = new FirstOccurrenceTable();
        String text = "abc abd abc";
        int[] starts = {0, 4, 8};
        int[] ends = {3, 7, 11};
        table.reset(3);
        assertThat(table.firstSpan(42, text, starts, ends, 0)).isZero();
        assertThat(table.firstSpan(42, text, starts, ends, 1)).isEqualTo(1);
        assertThat(table.firstSpan(42, text, starts, ends, 2)).isZero();
        int[] ids = {1, 2, 1, 3, 1, 2};
        table.reset(5);
        assertThat(table.firstRun(7, ids, 2, 0)).isZero();
        assertThat(table.firstRun(7, ids, 2, 2)).isEqualTo(2);
        assertThat(table.firstRun(7, ids, 2, 4)).isZero();
    }

    @Test
    void pathologicalDocumentsStayLinear() {
        Random random = new Random(7);
        StringBuilder distinct = new StringBuilder();
        for (int i = 0; i < 300_000; i++) {
            distinct.append(Integer.toString(random.nextInt(1 << 30), 36)).append(i % 20 == 19 ? '\n' : ' ');
        }
        String same = "a ".repeat(500_000);
        String dots = ".".repeat(1_000_000);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertThat(filter.apply(distinct.toString())).allMatch(FilterResult::passed);
            assertThat(byRule(filter.apply(same)).get(dupNgramRule(10)).value()).isEqualTo(1.0);
            assertThat(filter.apply(dots)).allMatch(r -> r.value() == 0);
            assertThat(new GopherQualityFilter().apply(dots + same)).isNotEmpty();
        });
    }

    @Test
    void concurrentCallsGiveTheSameResultsAsSequentialOnes() {
        List<String> docs = new ArrayList<>();
        for (int n = 2; n <= 10; n++) {
            docs.add(phraseTwice(n, 20 * n));
            docs.add(GopherQualityFilterTest.PROSE.repeat(n));
        }
        List<List<FilterResult>> sequential = docs.stream().map(filter::apply).toList();
        for (int round = 0; round < 5; round++) {
            assertThat(docs.parallelStream().map(filter::apply).toList()).isEqualTo(sequential);
        }
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        GopherRepetitionFilter custom = GopherRepetitionFilter.builder().dupNgram(12, 0.05).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(custom);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            GopherRepetitionFilter copy = (GopherRepetitionFilter) in.readObject();
            String text = phraseTwice(12, 100);
            assertThat(copy.apply(text)).isEqualTo(custom.apply(text));
            assertThat(copy.rules()).contains("gopher_dup_12gram_char_frac");
        }
    }
}
