package io.sparkllm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code sparkllm dedup}. */
@Command(name = "dedup", mixinStandardHelpOptions = true,
        description = "Remove near-duplicates with MinHash LSH: band buckets by shuffle, links to each bucket's "
                + "smallest document, connected components on Spark (large-star / small-star), one kept "
                + "document per cluster (the smallest stable id hash). Writes kept/, duplicates/ and stats.json.")
public final class DedupCommand extends JobCommand {
    @Option(names = "--input", paramLabel = "PATH", split = ",", description = "Input paths or globs; sets 'input'.")
    List<String> input;

    @Option(names = "--output", paramLabel = "DIR", description = "Output directory; sets 'output'.")
    String output;

    @Override
    public String jobName() {
        return "dedup";
    }

    @Override
    protected Map<String, Object> optionSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", input);
        m.put("output", output);
        return m;
    }
}
