package io.sparkllm.datasets.clean.roots;

import io.sparkllm.datasets.testing.SharedData;

import io.sparkllm.datasets.clean.FilterResult;
import io.sparkllm.datasets.clean.TextNormalizer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RootsFiltersTest {
    private final Map<String, RootsParameters> params = RootsParameters.load(Map.of());
    private final RootsFilters filters = new RootsFilters(params, RootsWordLists.shipped());

    private static Map<String, FilterResult> byRule(List<FilterResult> results) {
        return results.stream().collect(Collectors.toMap(FilterResult::rule, r -> r));
    }

    @Test
    void shipsThePublishedThresholdsPerLanguage() {
        assertThat(RootsParameters.forLanguage(params, "en").stopwordsMinCutoff).isEqualTo(0.3);
        assertThat(RootsParameters.forLanguage(params, "fr").flaggedWordsMaxCutoff).isEqualTo(0.008);
        assertThat(RootsParameters.forLanguage(params, "zh").characterRepetitionLength).isEqualTo(3);
        assertThat(RootsParameters.forLanguage(params, "zh").perplexityMaxCutoff).isEqualTo(2095);
        assertThat(RootsParameters.forLanguage(params, "sv").language).isEqualTo("default");
    }

    @Test
    void overridesChangeOneLanguageAndUnknownNamesAreErrors() {
        Map<String, RootsParameters> changed = RootsParameters.load(
                Map.of("en", Map.of("stopwords_min_cutoff", 0.25), "code", Map.of("cond_check_lang_id", false)));
        assertThat(changed.get("en").stopwordsMinCutoff).isEqualTo(0.25);
        assertThat(changed.get("fr").stopwordsMinCutoff).isEqualTo(0.27);
        assertThat(changed.get("code").checkLangId).isFalse();
        assertThat(changed.get("code").stopwordsMinCutoff).isEqualTo(0.1);
        assertThatThrownBy(() -> RootsParameters.load(Map.of("en", Map.of("stopword_min_cutoff", 0.2))))
                .hasMessage("unknown ROOTS parameter 'stopword_min_cutoff' for language en");
    }

    @Test
    void characterRepetitionCountsTheTopSqrtNgramsButNeverSingletons() {
        // 3-grams of "abababab": aba x3, bab x3 -> 2 distinct, top floor(sqrt 2) = 1 -> 3 / 6
        assertThat(RootsFilters.characterRepetitionRatio("abababab", 3)).isCloseTo(0.5, within(1e-12));
        // all distinct: nothing repeats
        assertThat(RootsFilters.characterRepetitionRatio("abcdefgh", 3)).isZero();
        assertThat(RootsFilters.characterRepetitionRatio("ab", 3)).isZero();
    }

    @Test
    void wordRepetitionIsTheShareOfRepeatedNgrams() {
        List<String> words = List.of("a", "b", "a", "b", "c");
        // 2-grams: ab, ba, ab, bc -> ab repeats twice out of 4
        assertThat(RootsFilters.wordRepetitionRatio(words, 2)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void wordsAreSplitOnWhitespaceAndStrippedOfSpecialCharacters() {
        List<String> words = RootsText.words("Hello, world!\tIt's 2024... (fine)", true, false,
                SpecialCharacters.rootsDefault());
        assertThat(words).containsExactly("hello", "world", "it's", "fine");
        assertThat(RootsText.words("今天天气 good", false, true, SpecialCharacters.rootsDefault()))
                .containsExactly("今", "天", "天", "气", "good");
    }

    @Test
    void wordStrippingRemovesUrlLikeAndOverlongWords() {
        String text = "see http://x.example and www.site now " + "z".repeat(30) + " end";
        assertThat(RootsText.stripWords(text, RootsParameters.forLanguage(params, "en"))).isEqualTo("see and now end");
    }

    @Test
    void aCleanEnglishParagraphPassesAndSpamFailsForTheRightReasons() {
        String clean = "The council met on Tuesday to discuss the new budget for the library, and most of the members "
                + "agreed that the building needs a new roof before the winter. They will vote on the plan next month.";
        Map<String, FilterResult> ok = byRule(filters.apply(clean, "en", 0.95, Double.NaN));
        assertThat(ok.values()).allMatch(FilterResult::passed);
        assertThat(ok).doesNotContainKey("roots_perplexity");

        String spam = "buy cheap pills now ".repeat(30);
        Map<String, FilterResult> bad = byRule(filters.apply(spam, "en", 0.95, Double.NaN));
        assertThat(bad.get("roots_word_repetition").passed()).isFalse();
        assertThat(bad.get("roots_character_repetition").passed()).isFalse();

        Map<String, FilterResult> symbols = byRule(filters.apply("$$$ ### 100% !!! >>> <<< *** 777 ||| ^^^ ~~~ === +++",
                "en", 0.95, Double.NaN));
        assertThat(symbols.get("roots_special_characters").passed()).isFalse();

        Map<String, FilterResult> wrongLanguage = byRule(filters.apply(clean, "en", 0.0, 2000.0));
        assertThat(wrongLanguage.get("roots_lang_id").passed()).isFalse();
        assertThat(wrongLanguage.get("roots_perplexity")).isEqualTo(new FilterResult("roots_perplexity", 2000.0, 1500, false));
    }

    @Test
    void flaggedWordsCountAgainstTheLanguagesList() {
        String flagged = RootsWordLists.shipped().flaggedWords("en").stream().sorted().limit(3)
                .collect(Collectors.joining(" "));
        String text = "the people of the town met and talked about the plan for the year " + flagged;
        FilterResult r = byRule(filters.apply(text, "en", 0.9, Double.NaN)).get("roots_flagged_words");
        assertThat(r.value()).isGreaterThan(0.1);
        assertThat(r.passed()).isFalse();
    }

    @Test
    void normalisationComposesUnicodeAndRemovesControlCharacters() {
        TextNormalizer n = new TextNormalizer(true);
        assertThat(n.normalize("Cafe\u0301\u00A0ok\u0007\r\nnext\u200Bline\u2003x"))
                .isEqualTo("Caf\u00e9 ok\nnextline x");
        assertThat(new TextNormalizer(false).normalize("a\u00A0b")).isEqualTo("a\u00A0b");
    }

    /** The ROOTS definitions written the obvious way, to check the hashed counting against. */
    private static double exactCharacterRepetition(String text, int n) {
        int[] cps = text.codePoints().toArray();
        if (cps.length < n) {
            return 0;
        }
        Map<String, Integer> freq = new java.util.HashMap<>();
        for (int i = 0; i + n <= cps.length; i++) {
            freq.merge(new String(cps, i, n), 1, Integer::sum);
        }
        List<Integer> counts = freq.values().stream().sorted(java.util.Comparator.reverseOrder()).toList();
        long ones = counts.stream().filter(c -> c == 1).count();
        int top = (int) Math.min((int) Math.sqrt(counts.size()), counts.size() - ones);
        return (double) counts.subList(0, top).stream().mapToInt(Integer::intValue).sum()
                / counts.stream().mapToInt(Integer::intValue).sum();
    }

    private static double exactWordRepetition(List<String> words, int n) {
        if (words.size() < n) {
            return 0;
        }
        Map<String, Integer> freq = new java.util.HashMap<>();
        for (int i = 0; i + n <= words.size(); i++) {
            freq.merge(String.join(" ", words.subList(i, i + n)), 1, Integer::sum);
        }
        int total = freq.values().stream().mapToInt(Integer::intValue).sum();
        int repeated = freq.values().stream().filter(c -> c > 1).mapToInt(Integer::intValue).sum();
        return (double) repeated / total;
    }

    @Test
    void hashedRepetitionCountsEqualTheExactDefinitionsOnRealDocuments() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        int checked = 0;
        for (String file : List.of("webdocs/turku_register/zh.jsonl", "webdocs/dolma_cc_en.jsonl", "webdocs/turku_register/hi.jsonl")) {
            for (String line : java.nio.file.Files.readAllLines(SharedData.path(file))) {
                String text = json.readTree(line).get("text").asText();
                for (int n : new int[] {3, 10}) {
                    assertThat(RootsFilters.characterRepetitionRatio(text, n)).isEqualTo(exactCharacterRepetition(text, n));
                }
                List<String> words = RootsText.words(text, true, false, SpecialCharacters.rootsDefault());
                assertThat(RootsFilters.wordRepetitionRatio(words, 5)).isEqualTo(exactWordRepetition(words, 5));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(317 + 30 + 161);
    }
}
