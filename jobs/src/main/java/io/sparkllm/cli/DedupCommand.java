package io.sparkllm.cli;

import picocli.CommandLine.Command;

/** {@code sparkllm dedup}. */
@Command(name = "dedup", mixinStandardHelpOptions = true,
        description = "Remove near-duplicates with MinHash LSH: band buckets by shuffle, links to each bucket's "
                + "smallest document, connected components on Spark (large-star / small-star), one kept "
                + "document per cluster (the smallest stable id hash). Writes kept/, duplicates/ and stats.json.")
public final class DedupCommand extends CorpusJobCommand {
    @Override
    public String jobName() {
        return "dedup";
    }
}
