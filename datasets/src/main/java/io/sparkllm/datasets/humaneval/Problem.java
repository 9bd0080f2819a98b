package io.sparkllm.datasets.humaneval;

import java.io.Serializable;

/**
 * One HumanEval-X (or HumanEval) problem. Fields a language does not have are null:
 * {@code importBlock} and {@code testSetup} are Go's, {@code entryPoint} the original HumanEval's.
 */
public record Problem(Language language, String taskId, String prompt, String declaration,
                      String canonicalSolution, String test, String exampleTest, String importBlock,
                      String testSetup, String entryPoint) implements Serializable {
}
