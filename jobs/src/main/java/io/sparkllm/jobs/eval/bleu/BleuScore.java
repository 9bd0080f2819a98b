package io.sparkllm.jobs.eval.bleu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A BLEU score with everything sacreBLEU reports beside it. {@code counts} and {@code totals} are the matches
 * and hypothesis n-grams per order as the score used them: with add-k smoothing they include the added k.
 * {@code precisions} are percentages.
 */
public record BleuScore(double score, double[] counts, double[] totals, double[] precisions, double brevityPenalty,
                        long hypLength, long refLength, Signature signature) implements MetricScore {
    public BleuScore {
        counts = counts.clone();
        totals = totals.clone();
        precisions = precisions.clone();
    }

    @Override
    public String name() {
        return "BLEU";
    }

    @Override
    public double[] counts() {
        return counts.clone();
    }

    @Override
    public double[] totals() {
        return totals.clone();
    }

    @Override
    public double[] precisions() {
        return precisions.clone();
    }

    /** Hypothesis length over reference length; 0 when the reference length is 0, as in sacreBLEU. */
    public double ratio() {
        return refLength == 0 ? 0 : (double) hypLength / refLength;
    }

    /** sacreBLEU's verbose part: {@code 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)}. */
    @Override
    public String details() {
        String precisionText = Arrays.stream(precisions).mapToObj(p -> PythonFormat.fixed(p, 1))
                .collect(Collectors.joining("/"));
        return precisionText + " (BP = " + PythonFormat.fixed(brevityPenalty, 3) + " ratio = "
                + PythonFormat.fixed(ratio(), 3) + " hyp_len = " + hypLength + " ref_len = " + refLength + ")";
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> json = MetricScore.super.toJson();
        json.put("precisions", precisions());
        json.put("bp", brevityPenalty);
        json.put("ratio", ratio());
        json.put("hyp_len", hypLength);
        json.put("ref_len", refLength);
        json.put("counts", wholeAsIntegers(counts));
        json.put("totals", wholeAsIntegers(totals));
        return json;
    }

    /** Counts are whole numbers unless add-k added a fraction: print them as integers then, as sacreBLEU does. */
    private static List<Number> wholeAsIntegers(double[] values) {
        List<Number> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v == Math.rint(v) && Math.abs(v) < 1e15 ? (Number) (long) v : (Number) v);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BleuScore s && Double.compare(score, s.score) == 0 && Arrays.equals(counts, s.counts)
                && Arrays.equals(totals, s.totals) && Arrays.equals(precisions, s.precisions)
                && Double.compare(brevityPenalty, s.brevityPenalty) == 0 && hypLength == s.hypLength
                && refLength == s.refLength && String.valueOf(signature).equals(String.valueOf(s.signature));
    }

    @Override
    public int hashCode() {
        return Double.hashCode(score) * 31 + Arrays.hashCode(precisions);
    }

    @Override
    public String toString() {
        return signature == null ? "BLEU = " + PythonFormat.fixed(score, 2) + " " + details() : format(2);
    }
}
