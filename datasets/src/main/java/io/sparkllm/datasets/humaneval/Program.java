package io.sparkllm.datasets.humaneval;

import java.util.List;
import java.util.Map;

/**
 * A complete test program for one sample: the source files to write into the work directory, the
 * compile steps and the final run step, and the fixed environment they run in ({@code ${WORK}}
 * stands for the work directory as the program sees it).
 *
 * @param failOnAnyOutput HumanEval-X counts a JavaScript run that prints anything as failed
 *                        ({@code console.assert} only prints)
 */
public record Program(Language language, Map<String, String> files, List<Step> steps, Map<String, String> env,
                      boolean failOnAnyOutput, boolean usesGoCache) {

    /** One command; compile steps run under the compile limits and fail as compile_error. */
    public record Step(List<String> command, boolean compile) {
    }
}
