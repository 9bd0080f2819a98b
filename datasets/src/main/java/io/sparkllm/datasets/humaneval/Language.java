package io.sparkllm.datasets.humaneval;

import java.util.List;
import java.util.Locale;

/**
 * The problem sets sparkllm runs: HumanEval-X's five languages (named as HumanEval-X's directories)
 * and the original HumanEval (Python, with {@code entry_point} and no declaration).
 */
public enum Language {
    PYTHON("python", "Python/", List.of("declaration", "example_test")),
    CPP("cpp", "CPP/", List.of("declaration", "example_test")),
    JAVA("java", "Java/", List.of("declaration", "example_test")),
    JS("js", "JavaScript/", List.of("declaration", "example_test")),
    GO("go", "Go/", List.of("declaration", "example_test", "import", "test_setup")),
    HUMANEVAL("humaneval", "HumanEval/", List.of("entry_point"));

    private static final List<String> COMMON = List.of("task_id", "prompt", "canonical_solution", "test");

    private final String id;
    private final String taskPrefix;
    private final List<String> extraFields;

    Language(String id, String taskPrefix, List<String> extraFields) {
        this.id = id;
        this.taskPrefix = taskPrefix;
        this.extraFields = extraFields;
    }

    /** The name used in tables and config: python, cpp, java, js, go, humaneval. */
    public String id() {
        return id;
    }

    /** Every task_id of the set starts with this, followed by the problem number. */
    public String taskPrefix() {
        return taskPrefix;
    }

    /** The string fields every record of this set must have. */
    public List<String> requiredFields() {
        List<String> all = new java.util.ArrayList<>(COMMON);
        all.addAll(extraFields);
        return all;
    }

    /** By id, or by a common alias (javascript, c++, py). */
    public static Language of(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Language l : values()) {
            if (l.id.equals(n)) {
                return l;
            }
        }
        switch (n) {
            case "javascript": return JS;
            case "c++": return CPP;
            case "py": return PYTHON;
            default: throw new IllegalArgumentException("unknown language '" + name
                    + "' (known: python, cpp, java, js, go, humaneval)");
        }
    }

    /** The language a HumanEval-X or HumanEval task_id belongs to, from its prefix. */
    public static Language ofTaskId(String taskId) {
        for (Language l : values()) {
            if (taskId.startsWith(l.taskPrefix)) {
                return l;
            }
        }
        throw new IllegalArgumentException("task_id '" + taskId + "' has no known prefix");
    }
}
