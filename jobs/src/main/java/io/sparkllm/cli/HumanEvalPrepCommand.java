package io.sparkllm.cli;

import picocli.CommandLine.Command;

/** {@code sparkllm humaneval-prep}. */
@Command(name = "humaneval-prep", mixinStandardHelpOptions = true,
        description = "Read HumanEval-X (Python, C++, Java, JavaScript, Go) and HumanEval problem files, check each "
                + "record against its language's schema, and write one sorted table of problems (problems/), "
                + "bad records to quarantine/ with file, line and reason, and stats.json.")
public final class HumanEvalPrepCommand extends CorpusJobCommand {
    @Override
    public String jobName() {
        return "humaneval-prep";
    }
}
