package io.sparkllm.jobs.eval.humaneval;

import com.typesafe.config.Config;
import io.sparkllm.datasets.humaneval.Language;
import io.sparkllm.runtime.UsageException;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a language's completions end. HumanEval-X prompts stop inside the function body, so a
 * completion is cut at the first stop sequence: for Python at the next top-level statement; for
 * the brace languages at the brace that closes the function (at column 0, or Java's 4-space
 * method level), which the cut removes. {@code close-on-stop} gives that text back, so the
 * program closes the function (and Java's class) as the canonical solutions do.
 */
public final class LanguageStops implements Serializable {
    private final Map<String, List<String>> stops;
    private final Map<String, String> closings;

    LanguageStops(Map<String, List<String>> stops, Map<String, String> closings) {
        this.stops = stops;
        this.closings = closings;
    }

    /** Reads {@code stop.LANGUAGE} and {@code close-on-stop.LANGUAGE} for every language of the problem sets. */
    public static LanguageStops from(Config c) {
        Map<String, List<String>> stops = new TreeMap<>();
        Map<String, String> closings = new TreeMap<>();
        for (Language l : Language.values()) {
            stops.put(l.id(), c.getStringList("stop." + l.id()));
            closings.put(l.id(), c.getString("close-on-stop." + l.id()));
            if (stops.get(l.id()).stream().anyMatch(String::isEmpty)) {
                throw new UsageException("stop." + l.id() + ": an empty stop sequence would end every completion at once");
            }
        }
        return new LanguageStops(stops, closings);
    }

    public List<String> stops(String language) {
        return stops.get(language);
    }

    /** What a completion of this language gets back when it ended at a stop sequence. */
    public String closing(String language) {
        return closings.get(language);
    }
}
