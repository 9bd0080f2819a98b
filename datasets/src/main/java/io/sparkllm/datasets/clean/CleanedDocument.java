package io.sparkllm.datasets.clean;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A document after cleaning: its final text (normalised, lines removed by C4 rules, PII
 * redacted), its language and the identifier's score for it, every rule measured, PII
 * redactions by type and lines removed by rule.
 */
public record CleanedDocument(String text, String lang, double langScore, List<FilterResult> results,
                              Map<String, Integer> pii, Map<String, Integer> linesRemoved) implements Serializable {
    public boolean passedAll() {
        return results.stream().allMatch(FilterResult::passed);
    }
}
