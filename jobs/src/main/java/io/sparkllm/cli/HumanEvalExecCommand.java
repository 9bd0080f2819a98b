package io.sparkllm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code sparkllm humaneval-exec}. */
@Command(name = "humaneval-exec", mixinStandardHelpOptions = true,
        description = "Run HumanEval-X samples (or the canonical solutions) with python3, g++, javac/java, node and "
                + "go test, each in its own sandbox (bubblewrap, time, memory, process and output limits), and "
                + "write results/ (status, stderr excerpt, time per sample), per_problem/ and stats.json "
                + "(pass@k per language).")
public final class HumanEvalExecCommand extends JobCommand {
    @Option(names = "--problems", paramLabel = "DIR", description = "humaneval-prep's output; sets 'problems'.")
    String problems;

    @Option(names = "--samples", paramLabel = "PATH", split = ",",
            description = "Samples (Parquet or JSONL); sets 'samples'. Without: the canonical solutions.")
    List<String> samples;

    @Option(names = "--output", paramLabel = "DIR", description = "Output directory; sets 'output'.")
    String output;

    @Override
    public String jobName() {
        return "humaneval-exec";
    }

    @Override
    protected Map<String, Object> optionSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("problems", problems);
        m.put("samples", samples);
        m.put("output", output);
        return m;
    }
}
