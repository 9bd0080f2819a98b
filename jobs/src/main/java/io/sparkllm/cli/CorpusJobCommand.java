package io.sparkllm.cli;

import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A job over a corpus: {@code --input} and {@code --output} as shortcuts for its config keys. */
abstract class CorpusJobCommand extends JobCommand {
    @Option(names = "--input", paramLabel = "PATH", split = ",",
            description = "Input paths or globs (repeatable or comma-separated); sets 'input'.")
    List<String> input;

    @Option(names = "--output", paramLabel = "DIR", description = "Output directory; sets 'output'.")
    String output;

    /** The command's other options, as config keys. */
    protected Map<String, Object> moreSettings() {
        return Map.of();
    }

    @Override
    protected final Map<String, Object> optionSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", input);
        m.put("output", output);
        m.putAll(moreSettings());
        return m;
    }
}
