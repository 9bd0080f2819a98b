package io.sparkllm.jobs.tokenize;

import java.io.Serializable;

/**
 * An instruction-tuning prompt: one template for examples with an input and one for those
 * without, each filled at {@code {instruction}} and {@code {input}}. The defaults are Alpaca's.
 */
record PromptTemplate(String withInput, String withoutInput) implements Serializable {
    static final PromptTemplate ALPACA = new PromptTemplate(
            "Below is an instruction that describes a task, paired with an input that provides further context. "
                    + "Write a response that appropriately completes the request.\n\n"
                    + "### Instruction:\n{instruction}\n\n### Input:\n{input}\n\n### Response:\n",
            "Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n"
                    + "### Instruction:\n{instruction}\n\n### Response:\n");

    PromptTemplate {
        if (!withInput.contains("{instruction}") || !withInput.contains("{input}") || !withoutInput.contains("{instruction}")) {
            throw new IllegalArgumentException("an instruct template needs {instruction} (and, with input, {input})");
        }
    }

    /** The prompt for one example; a blank input takes the template without one. */
    String prompt(String instruction, String input) {
        if (input == null || input.isBlank()) {
            return withoutInput.replace("{instruction}", instruction);
        }
        return withInput.replace("{instruction}", instruction).replace("{input}", input);
    }
}
