package io.sparkllm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code sparkllm clean}. */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "Clean a corpus as ROOTS did for BLOOM: normalise, identify the language, run every rule of "
                + "the chosen filter sets (ROOTS, Gopher, C4) on every document, redact PII, drop exact duplicates. "
                + "Writes kept/, rejected/ (each failed rule with its value and threshold), quarantine/ "
                + "(unreadable records) and stats.json.")
public final class CleanCommand extends JobCommand {
    @Option(names = "--input", paramLabel = "PATH", split = ",",
            description = "Input paths or globs (repeatable or comma-separated); sets 'input'.")
    List<String> input;

    @Option(names = "--output", paramLabel = "DIR", description = "Output directory; sets 'output'.")
    String output;

    @Override
    public String jobName() {
        return "clean";
    }

    @Override
    protected Map<String, Object> optionSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", input);
        m.put("output", output);
        return m;
    }
}
