package io.sparkllm.datasets.clean.c4;

import io.sparkllm.datasets.clean.FilterResult;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.sparkllm.datasets.clean.c4.C4LineFilter.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class C4LineFilterTest {
    private final C4LineFilter filter = new C4LineFilter();

    /** Six clean lines, six sentences: kept whole. */
    private static final String CLEAN = String.join("\n",
            "The museum reopened on Saturday after a long renovation.",
            "Visitors queued for an hour to see the restored ceiling.",
            "Is the new café worth a visit?",
            "The guides said the old lift would stay closed until spring.",
            "\"We are delighted with the result,\" the director said.",
            "Tickets cost twelve euros for adults!");

    private static Map<String, FilterResult> byRule(List<FilterResult> results) {
        return results.stream().collect(Collectors.toMap(FilterResult::rule, r -> r));
    }

    /** Every document rule passes and only {@code rule} removed lines ({@code count} of them). */
    private static void onlyLinesRemovedBy(C4Result r, String rule, int count) {
        assertThat(r.documentResults()).as("%s", r).allMatch(FilterResult::passed);
        assertThat(r.removedLines()).as("%s", r).allSatisfy((k, v) -> assertThat(v).isEqualTo(k.equals(rule) ? count : 0));
    }

    /** Exactly {@code rule} fails among the document rules. */
    private static void onlyDocumentFails(C4Result r, String rule) {
        assertThat(r.documentResults().stream().filter(f -> !f.passed()).map(FilterResult::rule).toList())
                .as("%s", r).containsExactly(rule);
    }

    private static String withLine(String line) {
        return CLEAN + "\n" + line;
    }

    @Test
    void cleanTextIsKeptWholeAndEveryRuleIsReported() {
        C4Result r = filter.apply(CLEAN);
        assertThat(r.text()).isEqualTo(CLEAN);
        assertThat(r.passed()).isTrue();
        assertThat(r.removedLines().keySet()).containsExactlyElementsOf(C4LineFilter.LINE_RULES);
        assertThat(r.removedLines().values()).containsOnly(0);
        assertThat(r.documentResults()).extracting(FilterResult::rule).containsExactlyElementsOf(DOCUMENT_RULES);
        assertThat(byRule(r.documentResults()).get(MIN_SENTENCES).value()).isEqualTo(6);
        assertThat(byRule(r.documentResults()).get(MIN_SENTENCES).threshold()).isEqualTo(5);
        assertThat(r.inputLines()).isEqualTo(6);
        assertThat(r.keptLines()).isEqualTo(6);
        assertThat(r.citationsRemoved()).isZero();
    }

    @Test
    void linesAreTrimmedAndBlankLinesDroppedWithoutBeingCounted() {
        C4Result r = filter.apply("\n\n   " + CLEAN.replace("\n", "  \n \t \n\u00A0") + "   \n");
        assertThat(r.text()).isEqualTo(CLEAN);
        assertThat(r.inputLines()).isEqualTo(6);
        onlyLinesRemovedBy(r, LONG_WORD, 0);
    }

    @Test
    void linesWithoutTerminalPunctuationAreRemoved() {
        C4Result r = filter.apply(withLine("Home | About us | Contact\nRead the full story here...\nTo be continued\u2026"));
        onlyLinesRemovedBy(r, NO_TERMINAL_PUNCT, 3);
        assertThat(r.text()).isEqualTo(CLEAN);
    }

    @Test
    void closingQuotesCountAsTerminalPunctuation() {
        String quotes = String.join("\n", "She told us “it is over.”", "He called it ‘a fair deal’",
                "Il a dit « c’est fini »", "They said 'never again'", "Who wrote \"Hamlet\"");
        C4Result r = filter.apply(withLine(quotes));
        onlyLinesRemovedBy(r, NO_TERMINAL_PUNCT, 0);
        assertThat(r.keptLines()).isEqualTo(11);
    }

    @Test
    void linesWithTooFewWordsAreRemovedAndThreeWordsAreEnough() {
        C4Result r = filter.apply(withLine("Read more.\nShare!\nSee you soon."));
        onlyLinesRemovedBy(r, TOO_FEW_WORDS, 2);
        assertThat(r.text()).endsWith("\nSee you soon.");
    }

    @Test
    void javascriptNoticesAreRemovedInAnyCase() {
        C4Result r = filter.apply(withLine("Please enable JavaScript to view the comments.\nYour browser has JAVASCRIPT off."));
        onlyLinesRemovedBy(r, JAVASCRIPT, 2);
        assertThat(r.text()).isEqualTo(CLEAN);
    }

    @Test
    void policyLinesAreRemovedForEachPhrase() {
        String policy = String.join("\n", "By using this site you accept our Terms of Use.",
                "Read our Privacy Policy for details.", "See the cookie policy page.",
                "This website uses cookies to improve your experience.", "We explain our use of cookies below.",
                "Sites like ours use cookies everywhere.");
        C4Result r = filter.apply(withLine(policy));
        onlyLinesRemovedBy(r, POLICY, 6);
        assertThat(r.text()).isEqualTo(CLEAN);
    }

    @Test
    void linesWithAWordLongerThanTheMaximumAreRemovedAndTheBoundaryIsKept() {
        String atMax = "This token " + "a".repeat(1000) + " is fine.";
        String over = "This token " + "a".repeat(1001) + " is not.";
        C4Result r = filter.apply(withLine(atMax + "\n" + over));
        onlyLinesRemovedBy(r, LONG_WORD, 1);
        assertThat(r.text()).endsWith(atMax);
        // code points, not UTF-16 units: 1000 astral characters are 2000 units but fit
        String astral = "This token " + "\uD835\uDC00".repeat(1000) + " is fine.";
        onlyLinesRemovedBy(filter.apply(withLine(astral)), LONG_WORD, 0);
    }

    @Test
    void aLineIsCountedUnderTheFirstRuleItFails() {
        // no final punctuation and "javascript": the punctuation rule runs first
        C4Result r = filter.apply(withLine("javascript:void(0)"));
        onlyLinesRemovedBy(r, NO_TERMINAL_PUNCT, 1);
        // a long word without punctuation: the long-word rule runs first
        onlyLinesRemovedBy(filter.apply(withLine("x".repeat(2000))), LONG_WORD, 1);
        // a javascript line holding a curly bracket is dropped before the bracket is seen, as in C4
        C4Result js = filter.apply(withLine("Enable javascript to run function() { go(); }."));
        onlyLinesRemovedBy(js, JAVASCRIPT, 1);
    }

    @Test
    void citationMarkersAreCutOutAndCounted() {
        C4Result r = filter.apply(withLine(
                "The tower was finished in 1889.[1] It is 330 metres tall.[citation needed] It was repainted [23] often.[edit]"));
        onlyLinesRemovedBy(r, LONG_WORD, 0);
        assertThat(r.citationsRemoved()).isEqualTo(4);
        assertThat(r.text()).endsWith("\nThe tower was finished in 1889. It is 330 metres tall. It was repainted  often.");
        // an empty [] is a marker too (the pattern is [\d*]); other bracketed text is not
        C4Result other = filter.apply(withLine("Keep [a] and [Edit] but drop [] here."));
        assertThat(other.text()).endsWith("\nKeep [a] and [Edit] but drop  here.");
        assertThat(other.citationsRemoved()).isEqualTo(1);
        // a marker after the final period no longer hides the period
        C4Result trailing = filter.apply(withLine("The bridge opened in 1932. [4]"));
        assertThat(trailing.text()).endsWith("\nThe bridge opened in 1932.");
        // markers in removed lines are not counted
        assertThat(filter.apply(withLine("Menu [1]")).citationsRemoved()).isZero();
        // switched off, markers stay
        assertThat(C4LineFilter.builder().removeCitations(false).build().apply(withLine("It was done in 1889 [1].")).text())
                .endsWith("1889 [1].");
    }

    @Test
    void loremIpsumFailsOnlyThatDocumentRule() {
        C4Result r = filter.apply(withLine("Lorem Ipsum dolor sit amet, consectetur adipiscing elit."));
        onlyDocumentFails(r, LOREM_IPSUM);
        assertThat(byRule(r.documentResults()).get(LOREM_IPSUM).value()).isEqualTo(1);
        assertThat(r.removedLines().values()).containsOnly(0);
    }

    @Test
    void aCurlyBracketFailsOnlyThatDocumentRule() {
        C4Result r = filter.apply(withLine("The template printed {name} instead of the name."));
        onlyDocumentFails(r, CURLY_BRACKET);
        assertThat(r.removedLines().values()).containsOnly(0);
    }

    @Test
    void bracketsAndLoremIpsumInDroppedLinesOnlyCountWhenTheWholeDocumentIsChecked() {
        String text = withLine("var config = { debug: true }\nlorem ipsum dolor");
        C4Result lineScope = filter.apply(text);
        assertThat(lineScope.passed()).isTrue();
        onlyLinesRemovedBy(lineScope, NO_TERMINAL_PUNCT, 2);

        C4Result whole = C4LineFilter.builder().wholeDocumentChecks(true).build().apply(text);
        assertThat(whole.documentResults().stream().filter(f -> !f.passed()).map(FilterResult::rule))
                .containsExactly(LOREM_IPSUM, CURLY_BRACKET);
        assertThat(byRule(whole.documentResults()).get(CURLY_BRACKET).value()).isEqualTo(1); // '{' characters
    }

    @Test
    void tooFewSentencesFailsOnlyThatRuleAndFiveAreEnough() {
        String four = String.join("\n", CLEAN.lines().limit(4).toList());
        C4Result r = filter.apply(four);
        onlyDocumentFails(r, MIN_SENTENCES);
        assertThat(byRule(r.documentResults()).get(MIN_SENTENCES).value()).isEqualTo(4);
        String five = String.join("\n", CLEAN.lines().limit(5).toList());
        assertThat(filter.apply(five).passed()).isTrue();
        // sentences are counted inside lines, and only in kept lines
        assertThat(filter.apply("One two three. Four five six. Seven eight nine! Ten eleven twelve? Done and dusted.")
                .passed()).isTrue();
        assertThat(filter.apply(four + "\nMenu\nHome\nContact us\nSearch\nLogin").passed()).isFalse();
    }

    @Test
    void sentencesEndAtTerminalMarksFollowedBySpaceOrTheLineEnd() {
        Map<String, Integer> expected = Map.of(
                "Mr. Smith paid 3.5 dollars. Really?! Yes.", 4, // "Mr." counts: no abbreviation list
                "He said \"stop.\" Then he left.", 2,
                "Prices rose (again.) Nobody was surprised.", 2,
                "Version 2.0.1 ships today.", 1,
                "Wait... what happened next?", 2,
                "They called it \"the end\"", 1,
                "!!! ??? ...", 0);
        C4LineFilter counting = C4LineFilter.builder().terminalPunct(false).tooFewWords(false).build();
        expected.forEach((line, count) -> assertThat(byRule(counting.apply(line).documentResults())
                .get(MIN_SENTENCES).value()).as(line).isEqualTo(count.doubleValue()));
    }

    @Test
    void aDocumentWithNothingLeftFailsTheEmptyRuleAndTheSentenceRule() {
        C4Result r = filter.apply("Home\nAbout us\nContact");
        assertThat(r.text()).isEmpty();
        assertThat(r.keptLines()).isZero();
        assertThat(r.documentResults().stream().filter(f -> !f.passed()).map(FilterResult::rule))
                .containsExactly(MIN_SENTENCES, EMPTY_AFTER_LINES);
        // with the sentence rule off, only the empty rule fails
        onlyDocumentFails(C4LineFilter.builder().minSentences(false).build().apply("Home\nAbout us\nContact"),
                EMPTY_AFTER_LINES);
        assertThat(filter.apply("").keptLines()).isZero();
    }

    @Test
    void everyRuleCanBeSwitchedOffAndEveryThresholdChanged() {
        String messy = String.join("\n", "Home", "Enable javascript please.", "Read our privacy policy now.",
                "Short one.", "x".repeat(1500) + " y z.", "Lorem ipsum {x} dolor sit.");
        C4LineFilter off = C4LineFilter.builder().longWord(false).terminalPunct(false).tooFewWords(false)
                .javascript(false).policy(false).loremIpsum(false).curlyBracket(false).minSentences(false)
                .emptyAfterLines(false).build();
        C4Result r = off.apply(messy);
        assertThat(r.text()).isEqualTo(messy);
        assertThat(r.documentResults()).isEmpty();
        assertThat(r.removedLines().values()).containsOnly(0);

        C4LineFilter strict = C4LineFilter.builder().minWordsPerLine(5).maxWordLength(4).minSentenceCount(7).build();
        C4Result s = strict.apply(CLEAN);
        assertThat(s.removedLines().get(LONG_WORD)).isEqualTo(6);
        assertThat(byRule(s.documentResults()).get(MIN_SENTENCES).threshold()).isEqualTo(7);
        C4Result five = C4LineFilter.builder().minWordsPerLine(5).build().apply(withLine("Only four words here."));
        assertThat(five.removedLines().get(TOO_FEW_WORDS)).isEqualTo(1);
    }

    @Test
    void everyLineSeparatorOfPythonSplitlinesSplitsLines() {
        for (String sep : List.of("\n", "\r\n", "\r", "\u000B", "\u000C", "\u001C", "\u0085", "\u2028", "\u2029")) {
            C4Result r = filter.apply(CLEAN.replace("\n", sep));
            assertThat(r.text()).as("separator U+%04X", (int) sep.charAt(0)).isEqualTo(CLEAN);
        }
    }

    @Test
    void pathologicalLinesStayLinear() {
        String dots = "a" + ".".repeat(1_000_000) + "b";
        String brackets = "[".repeat(500_000) + "1] is the end.";
        String phrases = "use use use use ".repeat(100_000) + "cookies.";
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertThat(filter.apply(dots).removedLines().get(LONG_WORD)).isEqualTo(1);
            assertThat(C4LineFilter.builder().longWord(false).build().apply(dots).keptLines()).isZero();
            assertThat(C4LineFilter.builder().longWord(false).build().apply(brackets).citationsRemoved()).isEqualTo(1);
            assertThat(filter.apply(phrases).removedLines().get(NO_TERMINAL_PUNCT)).isZero();
        });
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        C4LineFilter custom = C4LineFilter.builder().minSentenceCount(2).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(custom);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            C4LineFilter copy = (C4LineFilter) in.readObject();
            assertThat(copy.apply(CLEAN)).isEqualTo(custom.apply(CLEAN));
            assertThat(byRule(copy.apply(CLEAN).documentResults()).get(MIN_SENTENCES).threshold()).isEqualTo(2);
        }
    }
}
