package io.sparkllm.jobs.eval.humaneval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkllm.datasets.humaneval.Status;
import io.sparkllm.jobs.humaneval.ProblemScore;
import io.sparkllm.jobs.humaneval.ProblemScores;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * metrics.json of eval humaneval: pass@k over all scored problems and per language (each the mean
 * of the problems' unbiased estimates, over the problems with at least k samples), the samples'
 * statuses (every status, zeros included), and what was rejected or quarantined.
 */
final class HumanEvalMetrics {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HumanEvalMetrics() {
    }

    /**
     * @param statuses language → status → samples
     * @param rejected rule → rows
     */
    static ObjectNode of(String source, List<ProblemScore> scores, Map<String, Map<String, Long>> statuses,
                         List<Integer> ks, Map<String, Long> rejected, long quarantined, String sandbox) {
        ObjectNode m = JSON.createObjectNode();
        m.put("source", source);
        m.put("problems", scores.size());
        m.put("samples", scores.stream().mapToLong(ProblemScore::samples).sum());
        m.set("pass_at_k", JSON.valueToTree(ProblemScores.meanPassAtK(scores, ks)));
        Map<String, Long> overall = new TreeMap<>();
        statuses.values().forEach(byStatus -> byStatus.forEach((s, n) -> overall.merge(s, n, Long::sum)));
        m.set("status", statusCounts(overall));

        Map<String, List<ProblemScore>> perLanguage = new TreeMap<>();
        scores.forEach(s -> perLanguage.computeIfAbsent(s.language(), k -> new ArrayList<>()).add(s));
        ObjectNode languages = m.putObject("languages");
        perLanguage.forEach((language, own) -> {
            ObjectNode l = languages.putObject(language);
            l.put("problems", own.size());
            l.put("samples", own.stream().mapToLong(ProblemScore::samples).sum());
            l.set("pass_at_k", JSON.valueToTree(ProblemScores.meanPassAtK(own, ks)));
            l.set("status", statusCounts(statuses.getOrDefault(language, Map.of())));
        });
        m.set("rejected", JSON.valueToTree(new TreeMap<>(rejected)));
        m.put("quarantined", quarantined);
        m.put("sandbox", sandbox);
        return m;
    }

    /** Every status in the order of {@link Status}, zeros included, so tables line up across languages. */
    private static ObjectNode statusCounts(Map<String, Long> counts) {
        ObjectNode out = JSON.createObjectNode();
        for (Status s : Status.values()) {
            out.put(s.id(), counts.getOrDefault(s.id(), 0L));
        }
        return out;
    }
}
