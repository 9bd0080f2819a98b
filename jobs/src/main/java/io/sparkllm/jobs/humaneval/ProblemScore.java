package io.sparkllm.jobs.humaneval;

import java.io.Serializable;
import java.util.Map;

/**
 * One problem's score: n samples, c of them passed, and pass@k for each k at most n.
 *
 * @param passAtK k (as text, "1", "10") to pass@k, in increasing k
 */
public record ProblemScore(String language, int number, String taskId, int samples, int passed,
                           Map<String, Double> passAtK) implements Serializable {
}
