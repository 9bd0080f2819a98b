package io.sparkllm.datasets.clean.gopher;

import io.sparkllm.datasets.clean.FilterResult;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.sparkllm.datasets.clean.gopher.GopherQualityFilter.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GopherQualityFilterTest {
    private final GopherQualityFilter filter = new GopherQualityFilter();

    /** 84 words of ordinary prose: passes every rule. */
    static final String PROSE = "The council met on Tuesday to discuss the new budget for the library, and most of the "
            + "members agreed that the building needs a new roof before the winter. They will vote on the plan next "
            + "month, after the architects have finished their survey of the old walls and the heating system. "
            + "Residents who want to comment can write to the clerk or attend the public meeting at the town hall, "
            + "which starts at seven in the evening and usually lasts about two hours.";

    static Map<String, FilterResult> byRule(List<FilterResult> results) {
        return results.stream().collect(Collectors.toMap(FilterResult::rule, r -> r));
    }

    /** Exactly {@code rule} fails; every other rule passes. */
    static void onlyFails(List<FilterResult> results, String rule) {
        assertThat(results.stream().filter(r -> !r.passed()).map(FilterResult::rule).toList())
                .as("%s", results).containsExactly(rule);
    }

    private static String words(int count, String... pool) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(pool[i % pool.length]);
        }
        return String.join(" ", out);
    }

    private double value(String text, String rule) {
        return byRule(filter.apply(text)).get(rule).value();
    }

    @Test
    void ordinaryProsePassesEveryRuleAndEveryRuleIsReportedInOrder() {
        List<FilterResult> results = filter.apply(PROSE);
        assertThat(results).extracting(FilterResult::rule).containsExactlyElementsOf(GopherQualityFilter.RULES);
        assertThat(results).allMatch(FilterResult::passed);
        Map<String, FilterResult> r = byRule(results);
        assertThat(r.get(WORD_COUNT_MIN).value()).isEqualTo(84);
        assertThat(r.get(STOP_WORDS).value()).isEqualTo(6); // the, to, and, of, that, have
        assertThat(r.get(WORD_COUNT_MIN).threshold()).isEqualTo(50);
        assertThat(r.get(WORD_COUNT_MAX).threshold()).isEqualTo(100_000);
    }

    @Test
    void wordsAreWhitespaceTokensWithPunctuationAndSymbolsStrippedFromTheEnds() {
        // «Bonjour» -> Bonjour; (fine) -> fine; don't, 3.5, well-known stay whole; "—" and "..." are no words;
        // $100 -> 100; #tag -> tag; 🙂smile🙂 -> smile
        String text = "«Bonjour» (fine) don't 3.5 \u2014 ... $100 #tag well-known \uD83D\uDE42smile\uD83D\uDE42";
        assertThat(value(text, WORD_COUNT_MIN)).isEqualTo(8);
        // lengths 7 4 5 3 3 3 10 5 = 40 code points
        assertThat(value(text, MEAN_WORD_LENGTH_MIN)).isCloseTo(40 / 8.0, within(1e-12));
        // 100 and 3.5 hold no letter
        assertThat(value(text, ALPHA_WORDS_FRAC)).isCloseTo(6 / 8.0, within(1e-12));
        // word lengths count code points, not UTF-16 units
        assertThat(value("\uD835\uDC00\uD835\uDC01\uD835\uDC02", MEAN_WORD_LENGTH_MIN)).isEqualTo(3);
        // non-breaking space separates words
        assertThat(value("a\u00A0b\u2003c", WORD_COUNT_MIN)).isEqualTo(3);
    }

    @Test
    void tooShortFailsOnlyTheMinimumWordCount() {
        onlyFails(filter.apply("The council met on Tuesday to discuss the new budget for the library, and most "
                + "members agreed that the building needs a new roof."), WORD_COUNT_MIN);
    }

    @Test
    void tooLongFailsOnlyTheMaximumWordCountAndTheBoundaryPasses() {
        String[] pool = PROSE.split(" ");
        onlyFails(filter.apply(words(100_001, pool)), WORD_COUNT_MAX);
        assertThat(filter.apply(words(100_000, pool))).allMatch(FilterResult::passed);
    }

    @Test
    void shortWordsFailOnlyTheMeanLengthMinimum() {
        String text = words(60, "I", "go", "to", "the", "shop", "and", "we", "do", "a", "lot", "of", "it", "so", "be", "up");
        onlyFails(filter.apply(text), MEAN_WORD_LENGTH_MIN);
    }

    @Test
    void longWordsFailOnlyTheMeanLengthMaximum() {
        String text = words(60, "internationalisation", "the", "characteristically", "and", "notwithstanding",
                "incomprehensibilities", "counterrevolutionaries", "of", "electroencephalographic", "misunderstanding");
        onlyFails(filter.apply(text), MEAN_WORD_LENGTH_MAX);
    }

    @Test
    void hashtagsFailOnlyTheHashRatio() {
        String text = PROSE + " #news #town #budget #library #roof #vote #winter #hall #clerk #city"; // 10 / 94
        onlyFails(filter.apply(text), HASH_WORD_RATIO);
        assertThat(value(text, HASH_WORD_RATIO)).isCloseTo(10 / 94.0, within(1e-12));
    }

    @Test
    void ellipsesInsideLinesFailOnlyTheEllipsisRatio() {
        String[] w = PROSE.split(" ");
        StringBuilder text = new StringBuilder();
        int inserted = 0;
        for (int i = 0; i < w.length; i++) {
            boolean mark = (i % 8 == 3 || i % 8 == 6) && i < w.length - 1;
            inserted += mark ? 1 : 0;
            text.append(w[i]).append(!mark ? " " : i % 8 == 3 ? " ... " : "\u2026 ");
        }
        // as many "..." as "…", none at a line end; neither is a word
        List<FilterResult> results = filter.apply(text.toString().strip());
        onlyFails(results, ELLIPSIS_WORD_RATIO);
        assertThat(inserted).isEqualTo(20);
        assertThat(byRule(results).get(ELLIPSIS_WORD_RATIO).value()).isCloseTo(20 / 84.0, within(1e-12));
        // "...." is one ellipsis, "......" two, as Python's str.count counts them
        assertThat(value("a.... b...... c", ELLIPSIS_WORD_RATIO)).isCloseTo(3 / 3.0, within(1e-12));
    }

    private static String lines(int count, int marked, String prefix, String suffix) {
        String[] sentences = PROSE.split("(?<=[.,]) ");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String s = sentences[i % sentences.length].replaceAll("[.,]$", "");
            out.add(i < marked ? prefix + s + suffix : s + ".");
        }
        Collections.rotate(out, 2);
        return String.join("\n", out);
    }

    @Test
    void bulletListsFailOnlyTheBulletRuleAndTheBoundaryPasses() {
        onlyFails(filter.apply(lines(10, 10, "\u2022 ", ".")), BULLET_LINES_FRAC);
        onlyFails(filter.apply(lines(10, 10, "  - ", ".")), BULLET_LINES_FRAC);
        // 9 of 10 is exactly 0.9: passes
        assertThat(filter.apply(lines(10, 9, "* ", "."))).allMatch(FilterResult::passed);
        // blank lines between items are not lines
        assertThat(value(lines(10, 10, "\u25AA ", ".").replace("\n", "\n\n  \n"), BULLET_LINES_FRAC)).isEqualTo(1.0);
    }

    @Test
    void linesEndingInEllipsesFailOnlyThatRuleAndTheBoundaryPasses() {
        onlyFails(filter.apply(lines(10, 4, "", "...")), ELLIPSIS_LINES_FRAC);
        assertThat(value(lines(10, 4, "", "...  "), ELLIPSIS_LINES_FRAC)).isEqualTo(0.4);
        assertThat(value(lines(10, 4, "", "\u2026"), ELLIPSIS_LINES_FRAC)).isEqualTo(0.4);
        assertThat(filter.apply(lines(10, 3, "", "..."))).allMatch(FilterResult::passed); // exactly 0.3
    }

    @Test
    void numbersAndCodesFailOnlyTheAlphabeticShareAndTheBoundaryPasses() {
        String numbers = " 1990 42% 3.14 (7) 2024-05-01 $300 12:30 #4 100,000 0.5 8 9 10 11 12 13 14 15 16 17 18 19";
        String text = PROSE + numbers; // 84 alphabetic words, 22 without a letter
        onlyFails(filter.apply(text), ALPHA_WORDS_FRAC);
        assertThat(value(text, ALPHA_WORDS_FRAC)).isCloseTo(84 / 106.0, within(1e-12));

        String forty = words(40, "the", "cat", "and", "dog");
        assertThat(value(forty + " " + words(10, "12"), ALPHA_WORDS_FRAC)).isEqualTo(0.8);
        assertThat(byRule(filter.apply(forty + " " + words(10, "12"))).get(ALPHA_WORDS_FRAC).passed()).isTrue();
        assertThat(byRule(filter.apply(words(39, "the", "cat", "and", "dog") + " " + words(11, "12")))
                .get(ALPHA_WORDS_FRAC).passed()).isFalse();
    }

    @Test
    void textWithoutStopWordsFailsOnlyTheStopWordRuleAndTwoDistinctOnesPass() {
        String noStop = "Quarterly revenue grew strongly across every region, driven mostly by demand for cloud "
                + "services. Operating margins improved slightly despite higher energy costs. Management expects "
                + "similar growth next year, although currency movements could reduce reported earnings. "
                + "Analysts welcomed these results, noting lower debt, steady cash flow, rising dividends, "
                + "careful spending, new hires, fresh products, better guidance overall.";
        onlyFails(filter.apply(noStop), STOP_WORDS);
        assertThat(value(noStop, STOP_WORDS)).isZero();
        // one stop word, however often, is one; case does not matter
        assertThat(value(noStop + " The the THE", STOP_WORDS)).isEqualTo(1);
        onlyFails(filter.apply(noStop + " The the THE"), STOP_WORDS);
        assertThat(filter.apply(noStop + " The cost of it.")).allMatch(FilterResult::passed);
    }

    @Test
    void wordCountBoundaries() {
        String fifty = words(50, "the", "cat", "and", "dog");
        assertThat(byRule(filter.apply(fifty)).get(WORD_COUNT_MIN).passed()).isTrue();
        assertThat(byRule(filter.apply(words(49, "the", "cat", "and", "dog"))).get(WORD_COUNT_MIN).passed()).isFalse();
        GopherQualityFilter custom = GopherQualityFilter.builder().minWords(10).maxWords(49).build();
        assertThat(byRule(custom.apply(fifty)).get(WORD_COUNT_MAX).passed()).isFalse();
        assertThat(byRule(custom.apply(words(49, "the", "cat"))).get(WORD_COUNT_MAX).passed()).isTrue();
    }

    @Test
    void meanLengthAndHashBoundaries() {
        // all words three letters long: mean exactly 3 passes; one two-letter word fails it
        assertThat(filter.apply(words(50, "the", "cat", "and", "dog"))).allMatch(FilterResult::passed);
        assertThat(byRule(filter.apply(words(49, "the", "cat", "and", "dog") + " to")).get(MEAN_WORD_LENGTH_MIN)
                .passed()).isFalse();
        // 5 hashes over 50 words is exactly 0.1: passes; 6 fails
        String fiveHashes = words(45, "the", "cat", "and", "dog") + " #one #two #tag #new #hot";
        assertThat(value(fiveHashes, HASH_WORD_RATIO)).isEqualTo(0.1);
        assertThat(byRule(filter.apply(fiveHashes)).get(HASH_WORD_RATIO).passed()).isTrue();
        assertThat(byRule(filter.apply(fiveHashes.replace("#one", "#o#e"))).get(HASH_WORD_RATIO).passed()).isFalse();
    }

    @Test
    void everyThresholdIsConfigurable() {
        GopherQualityFilter custom = GopherQualityFilter.builder().minWords(10).maxWords(20).minMeanWordLength(2)
                .maxMeanWordLength(4).maxHashWordRatio(0.5).maxEllipsisWordRatio(0.5).maxBulletLinesFrac(0.1)
                .maxEllipsisLinesFrac(0.1).minAlphaWordsFrac(0.5).minStopWords(3)
                .stopWords(List.of("Le", "la", "les", "de")).build();
        Map<String, FilterResult> r = byRule(custom.apply("le chat de la voisine est sur les toits de la ville ce soir"));
        assertThat(r.values()).allMatch(FilterResult::passed);
        assertThat(r.get(STOP_WORDS).value()).isEqualTo(4);
        assertThat(r.get(STOP_WORDS).threshold()).isEqualTo(3);
        assertThat(r.get(MEAN_WORD_LENGTH_MAX).threshold()).isEqualTo(4);
        assertThat(r.get(BULLET_LINES_FRAC).threshold()).isEqualTo(0.1);
    }

    @Test
    void emptyAndBlankDocumentsAreMeasuredWithoutDividingByZero() {
        for (String text : List.of("", " \n\n\t ", "... — !!!")) {
            Map<String, FilterResult> r = byRule(filter.apply(text));
            assertThat(r.get(WORD_COUNT_MIN).value()).isZero();
            assertThat(r.get(MEAN_WORD_LENGTH_MIN).passed()).isFalse();
            assertThat(r.values()).allMatch(f -> Double.isFinite(f.value()));
        }
        assertThat(value("...", ELLIPSIS_WORD_RATIO)).isEqualTo(1.0); // raw count over max(1, words)
        assertThat(value("", BULLET_LINES_FRAC)).isZero();
    }

    @Test
    void carriageReturnLineEndsCountOnce() {
        String lf = lines(10, 4, "", "...");
        assertThat(filter.apply(lf.replace("\n", "\r\n"))).isEqualTo(filter.apply(lf));
        assertThat(filter.apply(lf.replace("\n", "\r"))).isEqualTo(filter.apply(lf));
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        GopherQualityFilter custom = GopherQualityFilter.builder().minWords(7).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(custom);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            GopherQualityFilter copy = (GopherQualityFilter) in.readObject();
            assertThat(copy.apply(PROSE)).isEqualTo(custom.apply(PROSE));
            assertThat(byRule(copy.apply(PROSE)).get(WORD_COUNT_MIN).threshold()).isEqualTo(7);
        }
    }
}
