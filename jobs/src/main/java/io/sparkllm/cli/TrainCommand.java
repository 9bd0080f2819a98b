package io.sparkllm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code sparkllm train}. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model on sparkllm tokenize output with synchronous data-parallel parameter averaging "
                + "(DL4J on Spark): metrics per round, checkpoints, resume.")
public final class TrainCommand extends CorpusJobCommand {
    @Option(names = "--model", paramLabel = "PRESET", description = "Model preset (conf/model/*.conf) for a fresh model; sets 'model'.")
    String model;

    @Option(names = "--init-from", paramLabel = "DIR", description = "Model directory to start from; sets 'init-from'.")
    String initFrom;

    @Option(names = "--resume", description = "Continue from the newest complete checkpoint; sets 'resume'.")
    Boolean resume;

    @Option(names = "--max-steps", description = "Stop after this many optimizer steps; sets 'max-steps'.")
    Long maxSteps;

    @Override
    public String jobName() {
        return "train";
    }

    @Override
    protected Map<String, Object> moreSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("init-from", initFrom);
        m.put("resume", resume);
        m.put("max-steps", maxSteps);
        return m;
    }
}
