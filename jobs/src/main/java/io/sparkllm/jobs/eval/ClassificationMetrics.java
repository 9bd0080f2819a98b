package io.sparkllm.jobs.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Accuracy, per-label precision, recall and F1, macro-F1 (the unweighted mean of the labels'
 * F1, a label never predicted nor present left out) and the confusion matrix (rows: true label,
 * columns: predicted), from a confusion count matrix.
 */
public final class ClassificationMetrics {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClassificationMetrics() {
    }

    public static ObjectNode of(List<String> labels, long[][] confusion) {
        int k = labels.size();
        long total = 0;
        long correct = 0;
        long[] predicted = new long[k];
        long[] actual = new long[k];
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                total += confusion[t][p];
                predicted[p] += confusion[t][p];
                actual[t] += confusion[t][p];
            }
            correct += confusion[t][t];
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("examples", total);
        out.put("accuracy", total == 0 ? 0.0 : (double) correct / total);
        ObjectNode perLabel = JSON.createObjectNode();
        double f1Sum = 0;
        int counted = 0;
        for (int i = 0; i < k; i++) {
            double precision = predicted[i] == 0 ? 0.0 : (double) confusion[i][i] / predicted[i];
            double recall = actual[i] == 0 ? 0.0 : (double) confusion[i][i] / actual[i];
            double f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
            ObjectNode l = perLabel.putObject(labels.get(i));
            l.put("precision", precision).put("recall", recall).put("f1", f1).put("support", actual[i]);
            if (actual[i] > 0 || predicted[i] > 0) {
                f1Sum += f1;
                counted++;
            }
        }
        out.put("macro_f1", counted == 0 ? 0.0 : f1Sum / counted);
        out.set("per_label", perLabel);
        ObjectNode matrix = out.putObject("confusion");
        for (int t = 0; t < k; t++) {
            ArrayNode row = matrix.putArray(labels.get(t));
            for (int p = 0; p < k; p++) {
                row.add(confusion[t][p]);
            }
        }
        return out;
    }
}
