package io.sparkllm.cli;

import picocli.CommandLine.Command;

/** {@code sparkllm clean}. */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "Clean a corpus as ROOTS did for BLOOM: normalise, identify the language, run every rule of "
                + "the chosen filter sets (ROOTS, Gopher, C4) on every document, redact PII, drop exact duplicates. "
                + "Writes kept/, rejected/ (each failed rule with its value and threshold), quarantine/ "
                + "(unreadable records) and stats.json.")
public final class CleanCommand extends CorpusJobCommand {
    @Override
    public String jobName() {
        return "clean";
    }
}
