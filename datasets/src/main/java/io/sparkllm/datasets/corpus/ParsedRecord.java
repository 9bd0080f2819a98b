package io.sparkllm.datasets.corpus;

import java.io.Serializable;
import java.util.Map;

/**
 * What one input record became: a document, or a reason it could not be read (a rule name and a
 * detail) with an excerpt of its raw bytes for the quarantine.
 */
public record ParsedRecord(String id, String text, String lang, Map<String, String> meta,
                           String errorRule, String errorDetail, String rawExcerpt) implements Serializable {
    public static ParsedRecord document(String id, String text, String lang, Map<String, String> meta) {
        return new ParsedRecord(id, text, lang, meta, null, null, null);
    }

    public static ParsedRecord unreadable(String rule, String detail, String rawExcerpt) {
        return new ParsedRecord(null, null, null, Map.of(), rule, detail, rawExcerpt);
    }

    public boolean readable() {
        return errorRule == null;
    }

    /** "rule: detail", the one-line error the quarantine keeps. */
    public String error() {
        return errorRule + ": " + errorDetail;
    }
}
