package io.sparkllm.datasets.clean.roots;

import io.sparkllm.datasets.clean.FilterResult;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ROOTS document filters (BigScience's filtering.py), each measuring one value and holding it
 * to the language's threshold: word count, character repetition, word repetition, special
 * characters, stopwords, flagged words, language-ID score, perplexity. All enabled filters run on
 * every document. Rule names: {@code roots_number_words_min}, {@code roots_number_words_max},
 * {@code roots_character_repetition}, {@code roots_word_repetition}, {@code roots_special_characters},
 * {@code roots_stopwords}, {@code roots_flagged_words}, {@code roots_lang_id}, {@code roots_perplexity}.
 */
public final class RootsFilters implements Serializable {
    private final Map<String, RootsParameters> parameters;
    private final RootsWordLists lists;
    private final SpecialCharacters special = SpecialCharacters.rootsDefault();

    public RootsFilters(Map<String, RootsParameters> parameters, RootsWordLists lists) {
        this.parameters = parameters;
        this.lists = lists;
    }

    public RootsParameters parameters(String language) {
        return RootsParameters.forLanguage(parameters, language);
    }

    /**
     * @param langScore  the identifier's probability that the text is in {@code language}
     * @param perplexity the document's perplexity under the language's n-gram model, or NaN when none
     */
    public List<FilterResult> apply(String text, String language, double langScore, double perplexity) {
        RootsParameters p = parameters(language);
        List<FilterResult> results = new ArrayList<>(9);
        if (p.checkNumberWords) {
            int words = RootsText.words(text, false, p.tokenization, special).size();
            results.add(FilterResult.atLeast("roots_number_words_min", words, p.numberWordsMinCutoff));
            results.add(FilterResult.atMost("roots_number_words_max", words, p.numberWordsMaxCutoff));
        }
        if (p.checkCharacterRepetition) {
            results.add(FilterResult.atMost("roots_character_repetition",
                    characterRepetitionRatio(text, p.characterRepetitionLength), p.characterRepetitionMaxCutoff));
        }
        List<String> lowerWords = RootsText.words(text, true, p.tokenization, special);
        if (p.checkWordRepetition) {
            results.add(FilterResult.atMost("roots_word_repetition",
                    wordRepetitionRatio(lowerWords, p.wordRepetitionLength), p.wordRepetitionMaxCutoff));
        }
        if (p.checkSpecialCharacters) {
            results.add(FilterResult.atMost("roots_special_characters", specialCharactersRatio(text),
                    p.specialCharactersMaxCutoff));
        }
        if (p.checkStopwords && lists.hasLists(language)) {
            results.add(FilterResult.atLeast("roots_stopwords",
                    listRatio(lowerWords, lists.stopwords(language), p), p.stopwordsMinCutoff));
        }
        if (p.checkFlaggedWords && lists.hasLists(language)) {
            results.add(FilterResult.atMost("roots_flagged_words",
                    listRatio(lowerWords, lists.flaggedWords(language), p), p.flaggedWordsMaxCutoff));
        }
        if (p.checkLangId) {
            results.add(FilterResult.atLeast("roots_lang_id", langScore, p.langIdMinCutoff));
        }
        if (p.checkPerplexity && !Double.isNaN(perplexity)) {
            results.add(FilterResult.atMost("roots_perplexity", perplexity, p.perplexityMaxCutoff));
        }
        return results;
    }

    /**
     * Share of all character n-grams taken by the most frequent ones: the top
     * floor(sqrt(distinct)) n-grams, never counting n-grams seen once.
     */
    public static double characterRepetitionRatio(String text, int n) {
        int[] cps = text.codePoints().toArray();
        if (cps.length < n) {
            return 0.0;
        }
        Map<String, Integer> freq = new HashMap<>();
        for (int i = 0; i + n <= cps.length; i++) {
            freq.merge(new String(cps, i, n), 1, Integer::sum);
        }
        int[] counts = freq.values().stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(counts);
        int ones = 0;
        long total = 0;
        for (int c : counts) {
            total += c;
            if (c == 1) {
                ones++;
            }
        }
        int top = Math.min((int) Math.sqrt(counts.length), counts.length - ones);
        long repeated = 0;
        for (int i = 0; i < top; i++) {
            repeated += counts[counts.length - 1 - i];
        }
        return (double) repeated / total;
    }

    /** Share of word n-grams (lower-cased) that occur more than once. */
    public static double wordRepetitionRatio(List<String> words, int n) {
        if (words.size() < n) {
            return 0.0;
        }
        Map<String, Integer> freq = new HashMap<>();
        for (int i = 0; i + n <= words.size(); i++) {
            freq.merge(String.join(" ", words.subList(i, i + n)), 1, Integer::sum);
        }
        long total = 0;
        long repeated = 0;
        for (int c : freq.values()) {
            total += c;
            if (c > 1) {
                repeated += c;
            }
        }
        return (double) repeated / total;
    }

    public double specialCharactersRatio(String text) {
        int all = 0;
        int specialCount = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            all++;
            if (special.contains(cp)) {
                specialCount++;
            }
            i += Character.charCount(cp);
        }
        return all == 0 ? 0.0 : (double) specialCount / all;
    }

    /** Share of words in the list, with ROOTS' word-group augmentation where the language uses it; at most 1. */
    private static double listRatio(List<String> words, Set<String> list, RootsParameters p) {
        if (words.isEmpty()) {
            return 0.0;
        }
        long hits = words.stream().filter(list::contains).count();
        if (p.wordsAugmentation) {
            hits += RootsText.augmentation(words, p.wordsAugmentationGroupSizes, p.wordsAugmentationJoinChar).stream()
                    .filter(list::contains).count();
        }
        return Math.min(1.0, (double) hits / words.size());
    }
}
