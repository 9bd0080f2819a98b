package io.sparkllm.datasets.clean.pii;

import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The redacted text and how many matches of each type were replaced. Every type is present in
 * {@code counts} (zero when absent) so rows of stats line up across documents.
 */
public record Redaction(String text, Map<PiiType, Integer> counts) implements Serializable {
    private static final Map<PiiType, Integer> NONE = Collections.unmodifiableMap(filled(null));

    public Redaction {
        Objects.requireNonNull(text, "text");
        counts = counts == NONE ? NONE : Collections.unmodifiableMap(filled(counts));
    }

    /** A document with nothing to redact: the same string, all counts zero. */
    static Redaction unchanged(String text) {
        return new Redaction(text, NONE);
    }

    private static EnumMap<PiiType, Integer> filled(Map<PiiType, Integer> from) {
        EnumMap<PiiType, Integer> map = new EnumMap<>(PiiType.class);
        for (PiiType type : PiiType.values()) {
            Integer n = from == null ? null : from.get(type);
            map.put(type, n == null ? 0 : n);
        }
        return map;
    }

    public int count(PiiType type) {
        return counts.get(type);
    }

    public int total() {
        int sum = 0;
        for (int n : counts.values()) {
            sum += n;
        }
        return sum;
    }
}
