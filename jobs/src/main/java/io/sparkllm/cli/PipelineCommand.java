package io.sparkllm.cli;

import com.typesafe.config.Config;
import io.sparkllm.runtime.ConfigOverrides;
import io.sparkllm.runtime.JobConfigs;
import io.sparkllm.runtime.JobRunner;
import io.sparkllm.runtime.PipelineRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code sparkllm pipeline}: runs a chain of jobs, skipping the stages that are up to date. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = {"Run a chain of jobs from a pipeline file (see conf/pipeline/).",
                "A stage is skipped when its output's _manifest.json already matches its job, config and inputs."})
public final class PipelineCommand implements Callable<Integer> {
    @Option(names = "--conf", paramLabel = "FILE", required = true, description = "The pipeline file (HOCON).")
    File conf;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a pipeline value, e.g. vars.work=/data/run1 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--overwrite", description = "Let stages replace outputs that another job wrote.")
    boolean overwrite;

    @Option(names = "--dry-run", description = "Print each stage (name, job, output); run nothing.")
    boolean dryRun;

    @Option(names = "--only", paramLabel = "STAGE", split = ",",
            description = "Run only these stages (comma-separated or repeated), e.g. one task per stage in a scheduler.")
    List<String> only = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Config file = JobConfigs.userFile(conf);
        List<PipelineRunner.Stage> stages = PipelineRunner.load(file, ConfigOverrides.parse(sets), conf.getPath());
        if (!only.isEmpty()) {
            stages = PipelineRunner.only(stages, only);
        }
        if (dryRun) {
            for (PipelineRunner.Stage stage : stages) {
                out.println(stage.name() + "\t" + stage.job().name() + "\t" + stage.job().output(stage.config()));
            }
            if (stages.isEmpty()) {
                out.println("(no stages enabled)");
            }
            return Main.EXIT_OK;
        }
        List<PipelineRunner.Outcome> outcomes =
                new PipelineRunner(new JobRunner(err, out), err).run(stages, overwrite);
        out.println("pipeline " + conf.getName() + ":" + (outcomes.isEmpty() ? " no stages enabled" : ""));
        for (PipelineRunner.Outcome o : outcomes) {
            out.printf("  %-20s %-8s %s%n", o.stage(), o.status(), o.output());
        }
        return Main.EXIT_OK;
    }
}
