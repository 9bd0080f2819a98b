package io.sparkllm.datasets.pairs;

import io.sparkllm.datasets.clean.FilterResult;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class PairFilterTest {
    private static final Set<String> ALL = Set.of(PairRuleSettings.EMPTY_SIDE, PairRuleSettings.TOO_LONG,
            PairRuleSettings.LENGTH_RATIO, PairRuleSettings.IDENTICAL_SIDES, PairRuleSettings.WRONG_LANGUAGE_SRC,
            PairRuleSettings.WRONG_LANGUAGE_TGT, PairRuleSettings.CONTROL_CHARACTERS);
    private static final PairFilter DEFAULTS = filter(80, 9, 75);

    private static PairFilter filter(int maxTokens, double maxRatio, int langMinChars) {
        return new PairFilter(new PairRuleSettings(ALL, maxTokens, maxRatio, true, 0.9999, langMinChars, 1000),
                "de", "en");
    }

    private static Map<String, FilterResult> results(PairFilter filter, String src, String tgt) {
        return filter.check(src, tgt).results().stream().collect(Collectors.toMap(FilterResult::rule, r -> r));
    }

    private static Set<String> failed(PairFilter filter, String src, String tgt) {
        return filter.check(src, tgt).results().stream().filter(r -> !r.passed()).map(FilterResult::rule)
                .collect(Collectors.toSet());
    }

    @Test
    void aGoodMulti30kPairPassesEveryRule() {
        PairFilter.Checked c = DEFAULTS.check("Zwei junge Männer stehen im Freien.", "Two young men stand outside.");
        assertThat(c.passed()).isTrue();
        assertThat(c.results()).extracting(FilterResult::rule).containsExactlyInAnyOrderElementsOf(ALL);
    }

    @Test
    void anEmptyOrWhitespaceOnlySideFailsEmptySide() {
        assertThat(failed(DEFAULTS, "", "A dog runs.")).containsExactly(PairRuleSettings.EMPTY_SIDE);
        assertThat(failed(DEFAULTS, "Ein Hund rennt.", " \t\u00A0 ")).containsExactly(PairRuleSettings.EMPTY_SIDE);
        assertThat(results(DEFAULTS, "", "  ").get(PairRuleSettings.EMPTY_SIDE).value()).isEqualTo(2);
    }

    @Test
    void tooLongCountsSpaceSeparatedTokensOnTheLongerSide() {
        String eighty = String.join(" ", Collections.nCopies(80, "Hund"));
        String eightyOne = eighty + " Hund";
        assertThat(failed(DEFAULTS, eighty, eighty.replace("Hund", "dog"))).doesNotContain(PairRuleSettings.TOO_LONG);
        FilterResult r = results(DEFAULTS, "Ein Hund.", eightyOne.replace("Hund", "dog"))
                .get(PairRuleSettings.TOO_LONG);
        assertThat(r.passed()).isFalse();
        assertThat(r.value()).isEqualTo(81);
        assertThat(r.threshold()).isEqualTo(80);
        // Runs of whitespace don't make extra tokens.
        assertThat(results(DEFAULTS, "a   b\t\tc", "x y z").get(PairRuleSettings.TOO_LONG).value()).isEqualTo(3);
    }

    @Test
    void lengthRatioIsTheLongerSidesTokensPerTokenOfTheShorter() {
        assertThat(PairFilter.lengthRatio(2, 18)).isEqualTo(9.0);
        assertThat(PairFilter.lengthRatio(19, 2)).isEqualTo(9.5);
        assertThat(PairFilter.lengthRatio(0, 5)).isEqualTo(5.0);
        String nine = String.join(" ", Collections.nCopies(9, "ja"));
        assertThat(failed(DEFAULTS, "ja", nine)).doesNotContain(PairRuleSettings.LENGTH_RATIO);
        assertThat(failed(DEFAULTS, "ja", nine + " ja")).contains(PairRuleSettings.LENGTH_RATIO);
        // OpusFilter's threshold of 3.
        PairFilter opus = filter(80, 3, 75);
        assertThat(failed(opus, "Ein Hund.", "A dog runs on the wet beach.")).contains(PairRuleSettings.LENGTH_RATIO);
        assertThat(failed(opus, "Ein Hund rennt.", "A dog runs fast today.")).isEmpty();
    }

    @Test
    void multi30kTrainsTwoPairsWithoutAGermanSentencePassMosesRatioButNotOpusFilters() {
        // train.de lines 16510 and 16664 hold only "@@"; their English sides have 8 tokens.
        for (String english : List.of("Front stroke swimming race roped off lap areas.",
                "Young girls weave corn stalks into elaborate designs.")) {
            assertThat(failed(DEFAULTS, "@@", english)).isEmpty();
            assertThat(failed(filter(80, 3, 75), "@@", english)).containsExactly(PairRuleSettings.LENGTH_RATIO);
        }
    }

    @Test
    void identicalSidesIgnoresCaseAndWhitespace() {
        assertThat(failed(DEFAULTS, "A dog runs on the beach.", "a dog  runs on the beach."))
                .contains(PairRuleSettings.IDENTICAL_SIDES);
        assertThat(failed(DEFAULTS, "Ein Hund rennt.", "A dog runs.")).doesNotContain(PairRuleSettings.IDENTICAL_SIDES);
        PairFilter caseSensitive = new PairFilter(new PairRuleSettings(ALL, 80, 9, false, 0.9999, 75, 1000), "de", "en");
        assertThat(failed(caseSensitive, "OK.", "ok.")).doesNotContain(PairRuleSettings.IDENTICAL_SIDES);
        // Two empty sides are empty, not copies.
        assertThat(failed(DEFAULTS, "", "")).containsExactly(PairRuleSettings.EMPTY_SIDE);
    }

    @Test
    void controlCharactersOnEitherSideAreCountedButTabsAndLineBreaksAreWhitespace() {
        FilterResult bell = results(DEFAULTS, "Ein \u0007Hund rennt.", "A dog\u0000 runs\u009B.")
                .get(PairRuleSettings.CONTROL_CHARACTERS);
        assertThat(bell.passed()).isFalse();
        assertThat(bell.value()).isEqualTo(3);
        assertThat(failed(DEFAULTS, "Ein\tHund\r\nrennt.", "A dog runs.")).isEmpty();
        assertThat(DEFAULTS.check("Ein\tHund\r\nrennt.", "A dog runs.").src()).isEqualTo("Ein Hund rennt.");
    }

    @Test
    void aLongSideConfidentlyInAnotherLanguageFailsItsSidesLanguageRule() {
        String french = "Un groupe de personnes se promène le long de la rivière pendant que les enfants jouent "
                + "au ballon dans le parc.";
        String german = "Eine Gruppe von Menschen geht am Fluss entlang, während die Kinder im Park Ball spielen.";
        String english = "A group of people walk along the river while the children play ball in the park.";
        assertThat(failed(DEFAULTS, german, french)).containsExactly(PairRuleSettings.WRONG_LANGUAGE_TGT);
        assertThat(failed(DEFAULTS, french, english)).containsExactly(PairRuleSettings.WRONG_LANGUAGE_SRC);
        // Swapped sides: each is in the other's language.
        assertThat(failed(DEFAULTS, english, german))
                .contains(PairRuleSettings.WRONG_LANGUAGE_SRC, PairRuleSettings.WRONG_LANGUAGE_TGT);
        FilterResult r = results(DEFAULTS, german, french).get(PairRuleSettings.WRONG_LANGUAGE_TGT);
        assertThat(r.value()).isGreaterThanOrEqualTo(0.9999);
        assertThat(r.threshold()).isEqualTo(0.9999);
        assertThat(failed(DEFAULTS, german, english)).isEmpty();
    }

    @Test
    void shortCaptionsAreNotJudgedBecauseTheIdentifierGuessesOnThem() {
        // Real Multi30K captions (train.en) the identifier gives to Tagalog or Afrikaans with p >= 0.9999.
        List<String> misjudged = List.of("A young boy plays on a swing.", "An old man is napping on a park bench.",
                "A woman is walking at dusk down an urban street.");
        PairFilter judgeEverything = filter(80, 9, 0);
        for (String caption : misjudged) {
            assertThat(failed(judgeEverything, "Ein Junge spielt.", caption)).as(caption)
                    .contains(PairRuleSettings.WRONG_LANGUAGE_TGT);
            assertThat(failed(DEFAULTS, "Ein Junge spielt.", caption)).as(caption).isEmpty();
        }
    }

    @Test
    void aRuleLeftOutIsNotRun() {
        PairFilter onlyEmpty = new PairFilter(new PairRuleSettings(Set.of(PairRuleSettings.EMPTY_SIDE), 80, 9, true,
                0.9999, 75, 1000), "de", "en");
        assertThat(onlyEmpty.check("same", "same").results()).extracting(FilterResult::rule)
                .containsExactly(PairRuleSettings.EMPTY_SIDE);
    }
}
