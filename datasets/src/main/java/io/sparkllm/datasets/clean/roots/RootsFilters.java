package io.sparkllm.datasets.clean.roots;

import io.sparkllm.datasets.clean.FilterResult;
import io.sparkllm.datasets.text.Hash64;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
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
        // Lower-casing never splits or joins words, so one split serves the word count too.
        List<String> lowerWords = RootsText.words(text, true, p.tokenization, special);
        if (p.checkNumberWords) {
            int words = lowerWords.size();
            results.add(FilterResult.atLeast("roots_number_words_min", words, p.numberWordsMinCutoff));
            results.add(FilterResult.atMost("roots_number_words_max", words, p.numberWordsMaxCutoff));
        }
        if (p.checkCharacterRepetition) {
            results.add(FilterResult.atMost("roots_character_repetition",
                    characterRepetitionRatio(text, p.characterRepetitionLength), p.characterRepetitionMaxCutoff));
        }
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

    /** Base of the polynomial rolling hashes (odd, so multiplication is invertible mod 2^64). */
    private static final long BASE = 0x100000001B3L;

    /**
     * Share of all character n-grams taken by the most frequent ones: the top
     * floor(sqrt(distinct)) n-grams, never counting n-grams seen once.
     */
    public static double characterRepetitionRatio(String text, int n) {
        long[] codePoints = new long[text.length()];
        int length = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            codePoints[length++] = cp + 1L;
            i += Character.charCount(cp);
        }
        if (length < n) {
            return 0.0;
        }
        return topShare(ngramCounts(codePoints, length, n), length - n + 1);
    }

    /**
     * The distinct n-grams of the first {@code length} item hashes (non-zero), by a rolling hash:
     * how many occur once, and the counts of the others (and of a few that occur once).
     */
    private static NgramCounts ngramCounts(long[] items, int length, int n) {
        long outFactor = 1;
        for (int i = 0; i < n - 1; i++) {
            outFactor *= BASE;
        }
        int grams = length - n + 1;
        long[] hashes = HASHES.get();
        if (hashes.length < grams) {
            hashes = new long[grams];
            if (grams <= RETAINED_HASHES) {
                HASHES.set(hashes); // a rare huge document's array is not kept by the thread
            }
        }
        long hash = 0;
        for (int i = 0; i < length; i++) {
            if (i >= n) {
                hash -= items[i - n] * outFactor;
            }
            hash = hash * BASE + items[i];
            if (i >= n - 1) {
                hashes[i - n + 1] = hash;
            }
        }
        // Only n-grams that may repeat are counted one by one; the rest occur once each.
        RepeatCandidates candidates = RepeatCandidates.mark(hashes, grams);
        int maybe = 0;
        for (int i = 0; i < grams; i++) {
            if (candidates.mayRepeat(hashes[i])) {
                maybe++;
            }
        }
        NgramCounter counter = NgramCounter.reset(maybe);
        for (int i = 0; i < grams; i++) {
            if (candidates.mayRepeat(hashes[i])) {
                counter.add(hashes[i]);
            }
        }
        return new NgramCounts(counter.counts(), grams - maybe);
    }

    /** Per-thread n-gram hashes of the current document, kept up to 8 MB. */
    private static final ThreadLocal<long[]> HASHES = ThreadLocal.withInitial(() -> new long[4096]);
    private static final int RETAINED_HASHES = 1 << 20;

    /** Distinct n-grams: {@code singles} that occur once, and the counts of the rest. */
    private record NgramCounts(int[] counts, int singles) {
    }

    /**
     * The share of {@code total} taken by the top floor(sqrt(distinct)) counts, leaving out counts
     * of 1; by counting sort, since the counts are small integers.
     */
    private static double topShare(NgramCounts ngrams, long total) {
        int[] counts = ngrams.counts();
        int max = 0;
        int ones = ngrams.singles();
        for (int c : counts) {
            max = Math.max(max, c);
            if (c == 1) {
                ones++;
            }
        }
        int distinct = counts.length + ngrams.singles();
        int top = Math.min((int) Math.sqrt(distinct), distinct - ones);
        int[] histogram = new int[max + 1];
        for (int c : counts) {
            histogram[c]++;
        }
        long repeated = 0;
        for (int c = max; c >= 2 && top > 0; c--) {
            int take = Math.min(top, histogram[c]);
            repeated += (long) take * c;
            top -= take;
        }
        return (double) repeated / total;
    }

    /** Share of word n-grams (lower-cased) that occur more than once. */
    public static double wordRepetitionRatio(List<String> words, int n) {
        if (words.size() < n) {
            return 0.0;
        }
        long[] wordHashes = new long[words.size()];
        for (int i = 0; i < wordHashes.length; i++) {
            wordHashes[i] = Hash64.of(words.get(i));
        }
        NgramCounts counts = ngramCounts(wordHashes, wordHashes.length, n);
        long total = counts.singles();
        long repeated = 0;
        for (int c : counts.counts()) {
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

    private static long countIn(List<String> words, Set<String> list) {
        long hits = 0;
        for (String w : words) {
            if (list.contains(w)) {
                hits++;
            }
        }
        return hits;
    }

    /** Share of words in the list, with ROOTS' word-group augmentation where the language uses it; at most 1. */
    private static double listRatio(List<String> words, Set<String> list, RootsParameters p) {
        if (words.isEmpty()) {
            return 0.0;
        }
        long hits = countIn(words, list);
        if (p.wordsAugmentation) {
            hits += countIn(RootsText.augmentation(words, p.wordsAugmentationGroupSizes, p.wordsAugmentationJoinChar),
                    list);
        }
        return Math.min(1.0, (double) hits / words.size());
    }
}
