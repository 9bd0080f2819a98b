package io.sparkllm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code sparkllm decontaminate}. */
@Command(name = "decontaminate", mixinStandardHelpOptions = true,
        description = "Flag or remove training documents that share a word n-gram (default 13) with evaluation "
                + "sets (benchmarks in the config: HumanEval-X, Multi30K or any JSONL/text). Writes kept/, "
                + "flagged/ (with the benchmark and matching n-gram) and stats.json (hits per benchmark and source).")
public final class DecontaminateCommand extends JobCommand {
    @Option(names = "--input", paramLabel = "PATH", split = ",", description = "Input paths or globs; sets 'input'.")
    List<String> input;

    @Option(names = "--output", paramLabel = "DIR", description = "Output directory; sets 'output'.")
    String output;

    @Override
    public String jobName() {
        return "decontaminate";
    }

    @Override
    protected Map<String, Object> optionSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", input);
        m.put("output", output);
        return m;
    }
}
