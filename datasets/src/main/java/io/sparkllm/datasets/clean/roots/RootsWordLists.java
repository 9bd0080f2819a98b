package io.sparkllm.datasets.clean.roots;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** ROOTS stopword and flagged-word lists per language, lower-cased as the source compares them. */
public final class RootsWordLists implements Serializable {
    public static final List<String> LANGUAGES =
            List.of("ar", "bn", "ca", "en", "es", "eu", "fr", "hi", "id", "pt", "ur", "vi", "zh");
    private static final String BASE = "/io/sparkllm/datasets/clean/roots/";

    private final Map<String, Set<String>> stopwords = new HashMap<>();
    private final Map<String, Set<String>> flaggedWords = new HashMap<>();

    private RootsWordLists() {
    }

    public static RootsWordLists shipped() {
        RootsWordLists lists = new RootsWordLists();
        for (String language : LANGUAGES) {
            lists.stopwords.put(language, read(BASE + "stopwords/" + language + ".txt"));
            lists.flaggedWords.put(language, read(BASE + "flagged_words/" + language + ".txt"));
        }
        return lists;
    }

    /** The language's stopwords; empty for a language ROOTS has no list for. */
    public Set<String> stopwords(String language) {
        return stopwords.getOrDefault(language, Collections.emptySet());
    }

    public Set<String> flaggedWords(String language) {
        return flaggedWords.getOrDefault(language, Collections.emptySet());
    }

    public boolean hasLists(String language) {
        return stopwords.containsKey(language);
    }

    private static Set<String> read(String resource) {
        InputStream in = RootsWordLists.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing resource " + resource);
        }
        Set<String> words = new HashSet<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isEmpty()) {
                    words.add(line.toLowerCase());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableSet(words);
    }
}
