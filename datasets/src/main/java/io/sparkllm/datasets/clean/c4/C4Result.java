package io.sparkllm.datasets.clean.c4;

import io.sparkllm.datasets.clean.FilterResult;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link C4LineFilter} did to one document.
 *
 * @param text             the kept lines, trimmed and stripped of citation markers, joined by {@code \n}
 * @param removedLines     lines removed per line rule (every rule name present, 0 when unused), in
 *                         the order the rules run; a line is counted under the first rule it fails
 * @param citationsRemoved citation markers cut out of the kept lines
 * @param documentResults  the enabled document rules, all evaluated
 * @param inputLines       non-blank lines in the input
 * @param keptLines        lines in {@code text}
 */
public record C4Result(String text, Map<String, Integer> removedLines, int citationsRemoved,
                       List<FilterResult> documentResults, int inputLines, int keptLines) implements Serializable {
    public C4Result {
        removedLines = Collections.unmodifiableMap(new LinkedHashMap<>(removedLines));
        documentResults = List.copyOf(documentResults);
    }

    /** True when every document rule passed: the document is kept, as {@link #text()}. */
    public boolean passed() {
        for (FilterResult r : documentResults) {
            if (!r.passed()) {
                return false;
            }
        }
        return true;
    }
}
