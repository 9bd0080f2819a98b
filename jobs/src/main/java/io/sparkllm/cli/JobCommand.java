package io.sparkllm.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sparkllm.runtime.ConfigOverrides;
import io.sparkllm.runtime.JobCatalog;
import io.sparkllm.runtime.JobConfigs;
import io.sparkllm.runtime.JobRunner;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A subcommand that runs one job. Settings come from, highest first: {@code --set}, the
 * subcommand's own options (shortcuts for config keys), {@code --conf}, the job's defaults.
 */
public abstract class JobCommand implements Callable<Integer> {
    @Mixin
    JobOptions options;

    @Spec
    CommandSpec spec;

    /** The job's name in {@link JobCatalog} and in {@code conf/jobs/}. */
    public abstract String jobName();

    /** The subcommand's own options, as config keys; null values are left out. */
    protected abstract Map<String, Object> optionSettings();

    @Override
    public Integer call() throws Exception {
        Config config = JobConfigs.effective(jobName(), layers());
        new JobRunner(spec.commandLine().getErr(), spec.commandLine().getOut()).run(JobCatalog.get(jobName()), config, options.overwrite);
        return Main.EXIT_OK;
    }

    List<JobConfigs.Layer> layers() {
        List<JobConfigs.Layer> layers = new ArrayList<>();
        layers.add(new JobConfigs.Layer("--set", ConfigOverrides.parse(options.sets)));
        Map<String, Object> own = new java.util.LinkedHashMap<>();
        optionSettings().forEach((k, v) -> {
            if (v != null) {
                own.put(k, v);
            }
        });
        layers.add(new JobConfigs.Layer("options", ConfigFactory.parseMap(own)));
        if (options.conf != null) {
            layers.add(new JobConfigs.Layer(options.conf.getPath(), JobConfigs.userFile(options.conf)));
        }
        return layers;
    }
}
