package io.sparkllm.datasets.clean;

import io.sparkllm.datasets.clean.lang.LanguageIdentifier;
import io.sparkllm.datasets.clean.pii.PiiRedactor;
import io.sparkllm.datasets.clean.pii.PiiType;
import io.sparkllm.datasets.clean.pii.Redaction;
import io.sparkllm.datasets.clean.roots.RootsFilters;
import io.sparkllm.datasets.clean.roots.RootsParameters;
import io.sparkllm.datasets.clean.roots.RootsText;
import io.sparkllm.datasets.clean.roots.RootsWordLists;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cleans one document: normalise, settle its language, strip words as ROOTS does, run every
 * rule of every configured filter set (never stopping at the first failure), redact PII.
 * Built once per Spark partition; the heavy parts (language profiles, word lists) are loaded
 * lazily on the executor, once per JVM where possible.
 */
public final class DocumentCleaner implements Serializable {
    private static final PiiRedactor REDACTOR = new PiiRedactor();
    private final CleanerSettings settings;
    private final PerplexityScorer perplexity;
    private final TextNormalizer normalizer;
    private transient RootsFilters roots;

    public DocumentCleaner(CleanerSettings settings, PerplexityScorer perplexity) {
        this.settings = settings;
        this.perplexity = perplexity;
        this.normalizer = new TextNormalizer(settings.uniformWhitespace());
        RootsParameters.load(settings.rootsOverrides()); // fail on the driver, not in a task, for a bad override
    }

    public DocumentCleaner(CleanerSettings settings) {
        this(settings, PerplexityScorer.NONE);
    }

    public CleanedDocument clean(String rawText, String givenLang) {
        String text = normalizer.normalize(rawText);
        LanguageIdentifier identifier = LanguageIdentifier.shared(settings.langMaxChars());
        String lang;
        double score;
        String claimed = settings.langMode().equals("given") ? (givenLang != null ? givenLang : settings.defaultLang())
                : null;
        if (claimed != null) {
            lang = claimed;
            score = identifier.scoreFor(text, lang);
        } else {
            LanguageIdentifier.Detection d = identifier.detect(text);
            lang = d.language();
            score = d.score();
        }
        List<FilterResult> results = new ArrayList<>();
        Map<String, Integer> linesRemoved = Map.of();
        if (settings.filterSets().contains("roots")) {
            RootsFilters filters = roots();
            if (settings.rootsWordStripping()) {
                text = RootsText.stripWords(text, filters.parameters(lang));
            }
            results.addAll(filters.apply(text, lang, score, perplexity.perplexity(lang, text)));
        }
        Map<String, Integer> pii = Map.of();
        if (settings.pii()) {
            Redaction redaction = REDACTOR.redact(text);
            text = redaction.text();
            if (redaction.total() > 0) {
                pii = new TreeMap<>();
                for (Map.Entry<PiiType, Integer> e : redaction.counts().entrySet()) {
                    if (e.getValue() > 0) {
                        pii.put(e.getKey().name(), e.getValue());
                    }
                }
            }
        }
        return new CleanedDocument(text, lang, score, results, pii, linesRemoved);
    }

    private RootsFilters roots() {
        if (roots == null) {
            roots = new RootsFilters(RootsParameters.load(settings.rootsOverrides()), RootsWordLists.shipped());
        }
        return roots;
    }
}
