package io.sparkllm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code sparkllm sample}. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Write the offline demo data set: multilingual web documents with planted duplicates, PII, "
                + "junk and unreadable records; German-English pairs with planted bad pairs; HumanEval-X problems "
                + "in Python, C++, Java, JavaScript and Go; source files. The same seed gives identical files.")
public final class SampleCommand extends JobCommand {
    @Option(names = "--output", paramLabel = "DIR", description = "Where to write (any Hadoop path); sets 'output'.")
    String output;

    @Option(names = "--seed", description = "Random seed; sets 'seed'.")
    Long seed;

    @Override
    public String jobName() {
        return "sample";
    }

    @Override
    protected Map<String, Object> optionSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("output", output);
        m.put("seed", seed);
        return m;
    }
}
