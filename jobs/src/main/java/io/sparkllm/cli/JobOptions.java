package io.sparkllm.cli;

import picocli.CommandLine.Option;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/** The options every job shares. */
public final class JobOptions {
    @Option(names = "--conf", paramLabel = "FILE", description = "HOCON file with settings for this job.")
    File conf;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one setting (repeatable); wins over --conf and the defaults.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--overwrite", description = "Replace an existing output directory.")
    boolean overwrite;
}
