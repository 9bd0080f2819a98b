package io.sparkllm.jobs.eval.bleu;

import io.sparkllm.runtime.Version;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A sacreBLEU-style signature, {@code nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:...}: the settings
 * that decide a score, so that two scores can be compared. The fields and their order are sacreBLEU's; the
 * last field names this implementation ({@code sparkllm-VERSION}) rather than a sacreBLEU version.
 */
public final class Signature {
    private final Map<String, String> fields;

    private Signature(Map<String, String> fields) {
        this.fields = Collections.unmodifiableMap(fields);
    }

    /** Our value of the {@code version} field. */
    public static String implementationVersion() {
        return "sparkllm-" + Version.get();
    }

    /**
     * {@code nrefs} is the number of references of every segment, or "var" where segments have different
     * numbers, as sacreBLEU writes it.
     */
    static String referenceCount(List<List<String>> referencesBySegment) {
        List<Integer> counts = referencesBySegment.stream().map(List::size).distinct().toList();
        return counts.size() == 1 ? String.valueOf(counts.get(0)) : "var";
    }

    static Builder builder(String nrefs) {
        return new Builder().put("nrefs", nrefs);
    }

    /** Field names to values, version last. */
    public Map<String, String> fields() {
        return fields;
    }

    public String format() {
        return fields.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining("|"));
    }

    @Override
    public String toString() {
        return format();
    }

    static final class Builder {
        private final Map<String, String> fields = new LinkedHashMap<>();

        Builder put(String key, String value) {
            fields.put(key, value);
            return this;
        }

        Signature build() {
            Map<String, String> all = new LinkedHashMap<>(fields);
            all.put("version", implementationVersion());
            return new Signature(all);
        }
    }
}
