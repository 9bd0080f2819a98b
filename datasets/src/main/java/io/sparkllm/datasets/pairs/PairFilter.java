package io.sparkllm.datasets.pairs;

import io.sparkllm.datasets.clean.FilterResult;
import io.sparkllm.datasets.clean.lang.LanguageIdentifier;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs every enabled per-pair rule on one sentence pair (the duplicate rule needs all pairs and
 * lives in the job). All rules run on every pair, so each rule's own effect shows in the stats.
 */
public final class PairFilter implements Serializable {
    private final PairRuleSettings settings;
    private final String srcLang;
    private final String tgtLang;

    /** A pair after normalisation, with every rule's result. */
    public record Checked(String src, String tgt, List<FilterResult> results) {
        public boolean passed() {
            return results.stream().allMatch(FilterResult::passed);
        }
    }

    public PairFilter(PairRuleSettings settings, String srcLang, String tgtLang) {
        this.settings = settings;
        this.srcLang = srcLang;
        this.tgtLang = tgtLang;
    }

    public Checked check(String rawSrc, String rawTgt) {
        String src = PairText.normalize(rawSrc);
        String tgt = PairText.normalize(rawTgt);
        int srcTokens = PairText.tokens(src);
        int tgtTokens = PairText.tokens(tgt);
        List<FilterResult> results = new ArrayList<>(8);
        if (settings.runs(PairRuleSettings.EMPTY_SIDE)) {
            int empty = (srcTokens == 0 ? 1 : 0) + (tgtTokens == 0 ? 1 : 0);
            results.add(FilterResult.atMost(PairRuleSettings.EMPTY_SIDE, empty, 0));
        }
        if (settings.runs(PairRuleSettings.TOO_LONG)) {
            results.add(FilterResult.atMost(PairRuleSettings.TOO_LONG, Math.max(srcTokens, tgtTokens),
                    settings.maxTokens()));
        }
        if (settings.runs(PairRuleSettings.LENGTH_RATIO)) {
            results.add(FilterResult.atMost(PairRuleSettings.LENGTH_RATIO, lengthRatio(srcTokens, tgtTokens),
                    settings.maxRatio()));
        }
        if (settings.runs(PairRuleSettings.IDENTICAL_SIDES)) {
            boolean same = settings.identicalIgnoreCase()
                    ? src.toLowerCase(Locale.ROOT).equals(tgt.toLowerCase(Locale.ROOT)) : src.equals(tgt);
            // Two empty sides are the empty-side rule's business, not a copy.
            results.add(FilterResult.atMost(PairRuleSettings.IDENTICAL_SIDES, same && !src.isEmpty() ? 1 : 0, 0));
        }
        if (settings.runs(PairRuleSettings.WRONG_LANGUAGE_SRC)) {
            results.add(wrongLanguage(PairRuleSettings.WRONG_LANGUAGE_SRC, src, srcLang));
        }
        if (settings.runs(PairRuleSettings.WRONG_LANGUAGE_TGT)) {
            results.add(wrongLanguage(PairRuleSettings.WRONG_LANGUAGE_TGT, tgt, tgtLang));
        }
        if (settings.runs(PairRuleSettings.CONTROL_CHARACTERS)) {
            results.add(FilterResult.atMost(PairRuleSettings.CONTROL_CHARACTERS,
                    PairText.controlCharacters(rawSrc) + PairText.controlCharacters(rawTgt), 0));
        }
        return new Checked(src, tgt, List.copyOf(results));
    }

    /**
     * Tokens of the longer side per token of the shorter; an empty side counts as one token, so the
     * ratio stays finite (the empty side itself is the empty-side rule's business).
     */
    static double lengthRatio(int srcTokens, int tgtTokens) {
        return (double) Math.max(srcTokens, tgtTokens) / Math.max(1, Math.min(srcTokens, tgtTokens));
    }

    /**
     * Value: the identifier's probability for its top language when that is not {@code expected}, else 0.
     * A side shorter than {@code langMinChars} is not judged (value 0): on Multi30K every confident
     * other-language call on a caption under 75 characters was wrong.
     */
    private FilterResult wrongLanguage(String rule, String text, String expected) {
        double other = 0;
        if (text.length() >= settings.langMinChars()) {
            Map<String, Double> p = LanguageIdentifier.shared(settings.langMaxChars()).probabilities(text);
            Map.Entry<String, Double> top = p.entrySet().stream().findFirst().orElse(null);
            if (top != null && !top.getKey().equals(expected)) {
                other = top.getValue();
            }
        }
        return new FilterResult(rule, other, settings.langMinConfidence(), other < settings.langMinConfidence());
    }
}
