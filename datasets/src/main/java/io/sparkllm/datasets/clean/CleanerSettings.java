package io.sparkllm.datasets.clean;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How documents are cleaned (the clean job's config, typed): language handling, normalisation,
 * which filter sets run, ROOTS parameter overrides per language, PII redaction.
 *
 * @param langMode            {@code given} (trust the record, detect when missing) or {@code detect}
 * @param defaultLang         language for records without one when it is set; null means detect
 * @param langMaxChars        characters of each document the identifier reads
 * @param filterSets          any of {@code roots}, {@code gopher}, {@code c4}
 * @param rootsOverrides      language to ROOTS parameter name to value
 * @param gopherLanguages     languages the Gopher rules apply to (they were made for English); empty: all
 * @param c4Languages         languages the C4 rules apply to; empty: all
 * @param c4MinWordsPerLine   C4: a line with fewer words is dropped
 * @param c4MinSentences      C4: a page with fewer sentences is discarded
 */
public record CleanerSettings(String langMode, String defaultLang, int langMaxChars, boolean uniformWhitespace,
                              boolean rootsWordStripping, Set<String> filterSets,
                              Map<String, Map<String, Object>> rootsOverrides, boolean pii,
                              Set<String> gopherLanguages, Set<String> c4Languages, int c4MinWordsPerLine,
                              int c4MinSentences) implements Serializable {
    public static final List<String> FILTER_SETS = List.of("roots", "gopher", "c4");

    public CleanerSettings {
        if (!langMode.equals("given") && !langMode.equals("detect")) {
            throw new IllegalArgumentException("lang.mode must be given or detect, got '" + langMode + "'");
        }
        for (String set : filterSets) {
            if (!FILTER_SETS.contains(set)) {
                throw new IllegalArgumentException("unknown filter set '" + set + "' (known: " + FILTER_SETS + ")");
            }
        }
    }

    public boolean gopherApplies(String lang) {
        return filterSets.contains("gopher") && (gopherLanguages.isEmpty() || gopherLanguages.contains(lang));
    }

    public boolean c4Applies(String lang) {
        return filterSets.contains("c4") && (c4Languages.isEmpty() || c4Languages.contains(lang));
    }
}
