package io.sparkllm.cli;

import picocli.CommandLine.Command;

/** {@code sparkllm pairs}. */
@Command(name = "pairs", mixinStandardHelpOptions = true,
        description = "Clean translation pairs (Moses NAME.de/NAME.en files, gzipped or not; TSV; JSONL): empty side, "
                + "too long, length ratio, identical sides, wrong language, control characters, exact duplicates; "
                + "keep the splits the file names give or split by hash. Writes pairs/, rejected/ (each failed rule "
                + "with its value and threshold), quarantine/ (unreadable lines, misaligned files) and stats.json.")
public final class PairsCommand extends CorpusJobCommand {
    @Override
    public String jobName() {
        return "pairs";
    }
}
