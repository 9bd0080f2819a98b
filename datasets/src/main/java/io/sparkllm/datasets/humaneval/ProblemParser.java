package io.sparkllm.datasets.humaneval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.regex.Pattern;

/** Reads one JSONL record of a problem file and checks it against its language's schema. */
public final class ProblemParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NUMBER = Pattern.compile("0|[1-9][0-9]*");

    private ProblemParser() {
    }

    public static Problem parse(Language language, String line) throws InvalidProblemException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidProblemException("bad_json", "not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidProblemException("not_an_object", "not a JSON object");
        }
        for (String field : language.requiredFields()) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                throw new InvalidProblemException("missing_field", "field '" + field + "' is missing (a "
                        + language.id() + " record needs " + String.join(", ", language.requiredFields()) + ")");
            }
            if (!value.isTextual()) {
                throw new InvalidProblemException("field_not_string", "field '" + field + "' is "
                        + value.getNodeType().toString().toLowerCase() + ", not a string");
            }
        }
        String taskId = node.get("task_id").asText();
        String number = taskId.startsWith(language.taskPrefix()) ? taskId.substring(language.taskPrefix().length()) : "";
        if (!NUMBER.matcher(number).matches()) {
            throw new InvalidProblemException("bad_task_id", "field 'task_id' is '" + taskId + "', expected '"
                    + language.taskPrefix() + "<number>'");
        }
        if (node.get("prompt").asText().isBlank() || node.get("test").asText().isBlank()) {
            throw new InvalidProblemException("empty_field", "field '"
                    + (node.get("prompt").asText().isBlank() ? "prompt" : "test") + "' is empty");
        }
        return new Problem(language, taskId, text(node, "prompt"), text(node, "declaration"),
                text(node, "canonical_solution"), text(node, "test"), text(node, "example_test"),
                text(node, "import"), text(node, "test_setup"), text(node, "entry_point"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The problem number of a task_id, for sorting (Python/10 after Python/9). */
    public static int number(String taskId) {
        return Integer.parseInt(taskId.substring(taskId.lastIndexOf('/') + 1));
    }
}
