package io.sparkllm.datasets.clean;

import io.sparkllm.datasets.clean.c4.C4LineFilter;
import io.sparkllm.datasets.clean.c4.C4Result;
import io.sparkllm.datasets.clean.gopher.GopherQualityFilter;
import io.sparkllm.datasets.clean.gopher.GopherRepetitionFilter;
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
    private static final GopherQualityFilter GOPHER_QUALITY = new GopherQualityFilter();
    private static final GopherRepetitionFilter GOPHER_REPETITION = new GopherRepetitionFilter();
    private final CleanerSettings settings;
    private final PerplexityScorer perplexity;
    private final TextNormalizer normalizer;
    private transient RootsFilters roots;
    private transient C4LineFilter c4;

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
        if (settings.c4Applies(lang)) {
            // Line rules first, while the text still has its lines.
            C4Result c4 = c4().apply(text);
            text = c4.text();
            results.addAll(c4.documentResults());
            linesRemoved = new TreeMap<>();
            for (Map.Entry<String, Integer> e : c4.removedLines().entrySet()) {
                if (e.getValue() > 0) {
                    linesRemoved.put(e.getKey(), e.getValue());
                }
            }
        }
        if (settings.gopherApplies(lang)) {
            results.addAll(GOPHER_QUALITY.apply(text));
            results.addAll(GOPHER_REPETITION.apply(text));
        }
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

    private C4LineFilter c4() {
        if (c4 == null) {
            c4 = C4LineFilter.builder().minWordsPerLine(settings.c4MinWordsPerLine())
                    .minSentenceCount(settings.c4MinSentences()).build();
        }
        return c4;
    }

    private RootsFilters roots() {
        if (roots == null) {
            roots = new RootsFilters(RootsParameters.load(settings.rootsOverrides()), RootsWordLists.shipped());
        }
        return roots;
    }
}
