package io.sparkllm.jobs.eval.bleu;

import java.util.LinkedHashMap;
import java.util.Map;

/** A score of one metric with the signature of the settings that produced it. */
public interface MetricScore {
    /** "BLEU", "chrF2", "chrF2++". */
    String name();

    /** On sacreBLEU's 0-100 scale, unrounded. */
    double score();

    Signature signature();

    /** What sacreBLEU prints after the score ("82.4/50.0/45.5/37.5 (BP = ...)" for BLEU); empty if nothing. */
    String details();

    /**
     * sacreBLEU's one-line form, {@code NAME|SIGNATURE = SCORE DETAILS}, with the score rounded to
     * {@code width} decimals as sacreBLEU's {@code --width} does.
     */
    default String format(int width) {
        String line = name() + "|" + signature().format() + " = " + PythonFormat.fixed(score(), width);
        return details().isEmpty() ? line : line + " " + details();
    }

    /**
     * The score as a JSON-ready map: sacreBLEU's JSON fields ({@code name}, {@code score} (here unrounded),
     * {@code signature}, {@code verbose_score}, then each signature field), followed by the metric's own.
     */
    default Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name());
        json.put("score", score());
        json.put("signature", signature().format());
        if (!details().isEmpty()) {
            json.put("verbose_score", details());
        }
        json.putAll(signature().fields());
        return json;
    }
}
