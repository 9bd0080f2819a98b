package io.sparkllm.datasets.humaneval;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkllm.datasets.corpus.ByteLines;
import io.sparkllm.datasets.corpus.JsonObjectLines;
import io.sparkllm.datasets.corpus.JsonRecordParser;
import io.sparkllm.datasets.corpus.ParsedRecord;

import java.util.Map;

/**
 * Reads one line of a HumanEval-X samples file: {@code task_id} and {@code completion} (or
 * HumanEval-X's {@code generation}), optionally {@code language}; other fields are ignored. The
 * record's id is the task_id, its text the completion, its language the set the sample belongs to
 * (the {@code language} field, else the task_id's prefix), or null where neither names a known set.
 *
 * <p>Lines that can't be read are named: {@code too_large}, {@code invalid_utf8}, {@code bad_json},
 * {@code not_an_object}, {@code missing_task_id}, {@code task_id_not_string},
 * {@code missing_completion}, {@code completion_not_string}, {@code language_not_string}.
 */
public final class SampleLineParser implements JsonRecordParser {
    private final JsonObjectLines lines;

    public SampleLineParser(long maxBytes, int excerptBytes) {
        this.lines = new JsonObjectLines(maxBytes, excerptBytes);
    }

    @Override
    public int keepBytes() {
        return lines.keepBytes();
    }

    @Override
    public ParsedRecord parseJsonLine(ByteLines.Line line) {
        JsonObjectLines.Read read = lines.read(line);
        if (!read.ok()) {
            return read.unreadable();
        }
        JsonNode node = read.object();
        JsonNode taskId = node.get("task_id");
        if (taskId == null || taskId.isNull()) {
            return lines.unreadable("missing_task_id", "no field 'task_id'", line);
        }
        if (!taskId.isTextual()) {
            return lines.unreadable("task_id_not_string", "field 'task_id' is a " + taskId.getNodeType(), line);
        }
        String completionField = node.has("completion") ? "completion" : "generation";
        JsonNode completion = node.get(completionField);
        if (completion == null) {
            return lines.unreadable("missing_completion", "no field 'completion' (or 'generation')", line);
        }
        if (!completion.isTextual()) {
            return lines.unreadable("completion_not_string", "field '" + completionField + "' is a "
                    + completion.getNodeType(), line);
        }
        JsonNode language = node.get("language");
        if (language != null && !language.isNull() && !language.isTextual()) {
            return lines.unreadable("language_not_string", "field 'language' is a " + language.getNodeType(), line);
        }
        String given = language == null || language.isNull() ? null : language.asText();
        return ParsedRecord.document(taskId.asText(), completion.asText(), languageOf(taskId.asText(), given), Map.of());
    }

    /** The set a sample is for: the language it names, else its task_id's prefix; null where neither is known. */
    static String languageOf(String taskId, String given) {
        try {
            return given == null || given.isBlank() ? Language.ofTaskId(taskId).id() : Language.of(given).id();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
