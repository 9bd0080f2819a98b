package io.sparkllm.jobs.eval.bleu;

import java.util.Map;

/** A chrF (chrF++ with word n-grams) score; the name carries beta and one '+' per word order, e.g. chrF2++. */
public record ChrfScore(double score, int beta, int charOrder, int wordOrder, ChrfStatistics statistics,
                        Signature signature) implements MetricScore {
    @Override
    public String name() {
        return "chrF" + beta + "+".repeat(wordOrder);
    }

    /** sacreBLEU prints nothing after a chrF score. */
    @Override
    public String details() {
        return "";
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> json = MetricScore.super.toJson();
        json.put("statistics", statistics.counts());
        return json;
    }

    @Override
    public String toString() {
        return signature == null ? name() + " = " + PythonFormat.fixed(score, 2) : format(2);
    }
}
