package io.sparkllm.jobs.eval.humaneval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkllm.datasets.humaneval.Status;
import io.sparkllm.jobs.eval.BarChart;
import io.sparkllm.jobs.eval.EvalReport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * report.html of eval humaneval: the headline metrics, pass@k per language as a table and a bar
 * chart, the failure categories per language, and the problems with the lowest pass rate with a
 * failing completion and what it printed. Every number comes from metrics.json.
 */
final class HumanEvalReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALL = "all";

    private HumanEvalReport() {
    }

    static EvalReport build(String title, String source, JsonNode metrics, List<WorstProblem> worst) throws IOException {
        EvalReport report = new EvalReport("HumanEval-X: " + title);
        report.paragraph(source);
        report.paragraph("pass@k is the unbiased estimator of Chen et al. (2021), 1 - C(n-c, k) / C(n, k) for a "
                + "problem with n samples of which c pass, averaged over the problems with at least k samples.");
        ObjectNode headline = JSON.createObjectNode();
        metrics.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("languages") && !e.getKey().equals("status")) {
                headline.set(e.getKey(), e.getValue());
            }
        });
        report.metrics("Metrics", headline);

        List<String> languages = new ArrayList<>();
        metrics.get("languages").fieldNames().forEachRemaining(languages::add);
        List<String> rows = new ArrayList<>(languages);
        rows.add(ALL);
        List<String> passAtK = new ArrayList<>();
        metrics.get("pass_at_k").fieldNames().forEachRemaining(passAtK::add);
        List<String> columns = new ArrayList<>(List.of("problems", "samples"));
        columns.addAll(passAtK);
        report.metricsGrid("pass@k per language", "language", rows, columns, (language, column) -> {
            String within = column.startsWith("pass@") ? "pass_at_k." + column : column;
            return language.equals(ALL) ? within : "languages." + language + "." + within;
        }, metrics);
        if (!passAtK.isEmpty()) {
            report.chart("pass@k per language, as a chart", BarChart.png("pass@k per language", "pass@k",
                    chartValues(metrics, languages, passAtK)));
        }

        List<String> statuses = Arrays.stream(Status.values()).map(Status::id).toList();
        report.metricsGrid("Failure categories (samples)", "language", rows, statuses,
                (language, status) -> language.equals(ALL) ? "status." + status
                        : "languages." + language + ".status." + status, metrics);

        List<List<Object>> lowest = new ArrayList<>();
        for (WorstProblem w : worst) {
            lowest.add(List.of(w.language(), w.taskId(), w.passed() + " / " + w.samples(), w.sample(), w.status(),
                    w.completion(), w.error()));
        }
        report.table("Lowest pass rates (first failing sample of each)", List.of("language", "task_id",
                "passed", "sample", "status", "completion", "stderr"), lowest);
        return report;
    }

    /** Series pass@k, categories the languages then all. */
    private static Map<String, Map<String, Double>> chartValues(JsonNode metrics, List<String> languages,
                                                                List<String> passAtK) {
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        for (String k : passAtK) {
            Map<String, Double> byLanguage = new LinkedHashMap<>();
            for (String language : languages) {
                JsonNode v = metrics.get("languages").get(language).get("pass_at_k").get(k);
                if (v != null) {
                    byLanguage.put(language, v.asDouble());
                }
            }
            byLanguage.put(ALL, metrics.get("pass_at_k").get(k).asDouble());
            values.put(k, byLanguage);
        }
        return values;
    }

    /** A problem that failed at least once, shown with its first failing sample. */
    record WorstProblem(String language, String taskId, int passed, int samples, int sample, String status,
                        String completion, String error) {
    }
}
