package io.sparkllm.cli;

import picocli.CommandLine.Command;

/** {@code sparkllm decontaminate}. */
@Command(name = "decontaminate", mixinStandardHelpOptions = true,
        description = "Flag or remove training documents that share a word n-gram (default 13) with evaluation "
                + "sets (benchmarks in the config: HumanEval-X, Multi30K or any JSONL/text). Writes kept/, "
                + "flagged/ (with the benchmark and matching n-gram) and stats.json (hits per benchmark and source).")
public final class DecontaminateCommand extends CorpusJobCommand {
    @Override
    public String jobName() {
        return "decontaminate";
    }
}
