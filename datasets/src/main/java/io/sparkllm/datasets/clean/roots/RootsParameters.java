package io.sparkllm.datasets.clean.roots;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One language's ROOTS filtering parameters (BigScience's parameters_filtering.py, shipped in
 * resources as the defaults), with the same names as the source so its documentation applies.
 * Languages without their own entry use {@code default}.
 */
public final class RootsParameters implements Serializable {
    private static final String RESOURCE = "/io/sparkllm/datasets/clean/roots/parameters_filtering.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public final String language;
    public final boolean uniformWhitespace;
    public final boolean removeWordsWithIncorrectSubstrings;
    public final List<String> incorrectWordSubstrings;
    public final boolean removeLongWords;
    public final int lengthWordMaxCutoff;
    public final boolean checkNumberWords;
    /** ROOTS used a SentencePiece model here; sparkllm splits such scripts into characters instead. */
    public final boolean tokenization;
    public final double numberWordsMinCutoff;
    public final double numberWordsMaxCutoff;
    public final boolean checkCharacterRepetition;
    public final int characterRepetitionLength;
    public final double characterRepetitionMaxCutoff;
    public final boolean checkWordRepetition;
    public final int wordRepetitionLength;
    public final double wordRepetitionMaxCutoff;
    public final boolean checkSpecialCharacters;
    public final double specialCharactersMaxCutoff;
    public final boolean wordsAugmentation;
    public final List<Integer> wordsAugmentationGroupSizes;
    public final String wordsAugmentationJoinChar;
    public final boolean checkStopwords;
    public final double stopwordsMinCutoff;
    public final boolean checkFlaggedWords;
    public final double flaggedWordsMaxCutoff;
    public final boolean checkLangId;
    public final double langIdMinCutoff;
    public final boolean checkPerplexity;
    public final double perplexityMaxCutoff;

    private RootsParameters(String language, JsonNode p) {
        this.language = language;
        uniformWhitespace = bool(p, "cond_uniform_whitespace");
        removeWordsWithIncorrectSubstrings = bool(p, "cond_remove_words_with_incorrect_substrings");
        List<String> substrings = new ArrayList<>();
        p.path("incorrect_word_substrings").forEach(n -> substrings.add(n.asText()));
        incorrectWordSubstrings = Collections.unmodifiableList(substrings);
        removeLongWords = bool(p, "cond_remove_long_words");
        lengthWordMaxCutoff = (int) number(p, "length_word_max_cutoff");
        checkNumberWords = bool(p, "cond_check_number_words");
        tokenization = bool(p, "tokenization");
        numberWordsMinCutoff = number(p, "number_words_min_cutoff");
        numberWordsMaxCutoff = number(p, "number_words_max_cutoff");
        checkCharacterRepetition = bool(p, "cond_check_character_repetition_removal");
        characterRepetitionLength = (int) number(p, "character_repetition_length");
        characterRepetitionMaxCutoff = number(p, "character_repetition_max_cutoff");
        checkWordRepetition = bool(p, "cond_check_word_repetition_removal");
        wordRepetitionLength = (int) number(p, "word_repetition_length");
        wordRepetitionMaxCutoff = number(p, "word_repetition_max_cutoff");
        checkSpecialCharacters = bool(p, "cond_check_special_characters");
        specialCharactersMaxCutoff = number(p, "special_characters_max_cutoff");
        wordsAugmentation = bool(p, "cond_words_augmentation");
        List<Integer> groups = new ArrayList<>();
        p.path("words_augmentation_group_sizes").forEach(n -> groups.add(n.asInt()));
        wordsAugmentationGroupSizes = Collections.unmodifiableList(groups);
        wordsAugmentationJoinChar = p.path("words_augmentation_join_char").asText("");
        checkStopwords = bool(p, "cond_check_stopwords");
        stopwordsMinCutoff = number(p, "stopwords_min_cutoff");
        checkFlaggedWords = bool(p, "cond_check_flagged_words");
        flaggedWordsMaxCutoff = number(p, "flagged_words_max_cutoff");
        checkLangId = bool(p, "cond_check_lang_id");
        langIdMinCutoff = number(p, "lang_id_min_cutoff");
        checkPerplexity = bool(p, "cond_check_perplexity");
        perplexityMaxCutoff = number(p, "perplexity_max_cutoff");
    }

    private static boolean bool(JsonNode p, String key) {
        JsonNode n = p.get(key);
        if (n == null || !n.isBoolean()) {
            throw new IllegalArgumentException("ROOTS parameter '" + key + "' must be true or false, got " + n);
        }
        return n.asBoolean();
    }

    private static double number(JsonNode p, String key) {
        JsonNode n = p.get(key);
        if (n == null || !n.isNumber()) {
            throw new IllegalArgumentException("ROOTS parameter '" + key + "' must be a number, got " + n);
        }
        return n.asDouble();
    }

    /**
     * The shipped parameters for every language, each with the given overrides applied.
     *
     * @param overrides language (or {@code default}) to ROOTS parameter names and values;
     *                  an unknown parameter name is an error
     */
    public static Map<String, RootsParameters> load(Map<String, Map<String, Object>> overrides) {
        JsonNode all;
        try (InputStream in = RootsParameters.class.getResourceAsStream(RESOURCE)) {
            all = JSON.readTree(in).get("parameters_filtering");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, RootsParameters> result = new TreeMap<>();
        JsonNode defaults = all.get("default");
        for (Map.Entry<String, Map<String, Object>> o : overrides.entrySet()) {
            if (!all.has(o.getKey())) {
                ((ObjectNode) all).set(o.getKey(), defaults.deepCopy());
            }
        }
        for (Iterator<String> it = all.fieldNames(); it.hasNext(); ) {
            String language = it.next();
            ObjectNode params = ((ObjectNode) all.get(language)).deepCopy();
            Map<String, Object> own = overrides.getOrDefault(language, Map.of());
            for (Map.Entry<String, Object> e : own.entrySet()) {
                if (!params.has(e.getKey())) {
                    throw new IllegalArgumentException("unknown ROOTS parameter '" + e.getKey() + "' for language "
                            + language);
                }
                params.set(e.getKey(), JSON.valueToTree(e.getValue()));
            }
            result.put(language, new RootsParameters(language, params));
        }
        return result;
    }

    /** The language's own parameters, else the {@code default} entry. */
    public static RootsParameters forLanguage(Map<String, RootsParameters> all, String language) {
        RootsParameters own = language == null ? null : all.get(language);
        return own != null ? own : all.get("default");
    }
}
