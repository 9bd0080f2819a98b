package io.sparkllm.cli;

import io.sparkllm.runtime.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level command: lists the jobs. */
@Command(name = "sparkllm",
        mixinStandardHelpOptions = true,
        versionProvider = SparkllmCommand.VersionProvider.class,
        description = "Builds large language models end to end on Apache Spark: "
                + "data preparation, tokenizers, training and evaluation.",
        subcommands = {
                SampleCommand.class,
                CleanCommand.class,
                NgramTrainCommand.class,
                DedupCommand.class,
                DecontaminateCommand.class,
                PairsCommand.class,
                HumanEvalPrepCommand.class,
                HumanEvalExecCommand.class,
                PipelineCommand.class,
                TokenizerCommand.class,
                TokenizerTrainCommand.class,
                TokenizeCommand.class,
                TrainCommand.class,
                GenerateCommand.class,
                EvalCommand.class,
                BleuCommand.class,
                picocli.CommandLine.HelpCommand.class
        },
        footer = {"", "Each job takes --conf FILE (HOCON) and --set key=value; 'sparkllm JOB --help' lists its keys.",
                "Exit codes: 0 done, 1 the job failed, 2 the command or config is wrong."})
public final class SparkllmCommand implements Runnable {
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces on errors.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing job: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** Reports the version written into the jar. */
    public static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sparkllm " + Version.get()};
        }
    }
}
