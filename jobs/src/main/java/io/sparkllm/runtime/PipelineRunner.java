package io.sparkllm.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValueType;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a chain of jobs from a pipeline file:
 * <pre>
 * vars { work = "/tmp/demo" }          # free-form values for ${vars.x} substitutions
 * stages = [
 *   { name = sample, job = sample, enabled = true, config { output = ${vars.work}/sample } }
 * ]
 * </pre>
 * A stage with {@code enabled = false} is left out (handy with a substitution such as
 * {@code enabled = ${vars.generate}}).
 * A stage whose output already holds a manifest with the same fingerprint (same job, config and
 * inputs) is skipped. A stage may replace an older output of its own job; anything else at an
 * output path is left alone unless {@code --overwrite} is given.
 */
public final class PipelineRunner {
    private static final Set<String> TOP_LEVEL_KEYS = Set.of("vars", "stages", "name");
    private static final Set<String> STAGE_KEYS = Set.of("name", "job", "enabled", "config");
    private final JobRunner runner;
    private final PrintWriter console;

    public PipelineRunner(JobRunner runner, PrintWriter console) {
        this.runner = runner;
        this.console = console;
    }

    /** One stage after its config was merged with the job's defaults and checked. */
    public record Stage(String name, Job job, Config config) {
    }

    /** What happened to each stage. */
    public record Outcome(String stage, String status, String output) {
    }

    public static List<Stage> load(Config pipelineFile, Config overrides, String source) {
        Config raw;
        try {
            raw = overrides.withFallback(pipelineFile).resolve(ConfigResolveOptions.defaults());
        } catch (ConfigException e) {
            throw new UsageException(source + ": " + e.getMessage());
        }
        for (String key : raw.root().keySet()) {
            if (!TOP_LEVEL_KEYS.contains(key)) {
                throw new UsageException(source + ": unknown pipeline key '" + key + "' (known: " + TOP_LEVEL_KEYS + ")");
            }
        }
        if (!raw.hasPath("stages") || raw.getValue("stages").valueType() != ConfigValueType.LIST) {
            throw new UsageException(source + ": 'stages' must be a list of { name, job, config }");
        }
        List<Stage> stages = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int index = 0;
        for (Config stage : raw.getConfigList("stages")) {
            index++;
            String where = source + " stage " + index;
            for (String key : stage.root().keySet()) {
                if (!STAGE_KEYS.contains(key)) {
                    throw new UsageException(where + ": unknown stage key '" + key + "' (known: " + STAGE_KEYS + ")");
                }
            }
            if (stage.hasPath("enabled") && !stage.getBoolean("enabled")) {
                continue;
            }
            if (!stage.hasPath("job")) {
                throw new UsageException(where + ": missing 'job'");
            }
            Job job = JobCatalog.get(stage.getString("job"));
            String name = stage.hasPath("name") ? stage.getString("name") : job.name();
            if (!names.add(name)) {
                throw new UsageException(where + ": duplicate stage name '" + name + "'");
            }
            Config own = stage.hasPath("config") ? stage.getConfig("config") : ConfigFactory.empty();
            Config effective = JobConfigs.effective(job.name(),
                    List.of(new JobConfigs.Layer(where + " (" + name + ")", own)));
            stages.add(new Stage(name, job, effective));
        }
        return stages;
    }

    /** Picks the named stages, in pipeline order; an unknown name is a usage error. */
    public static List<Stage> only(List<Stage> stages, List<String> names) {
        Set<String> known = new java.util.LinkedHashSet<>();
        stages.forEach(s -> known.add(s.name()));
        for (String name : names) {
            if (!known.contains(name)) {
                throw new UsageException("no stage named '" + name + "' (stages: " + String.join(", ", known) + ")");
            }
        }
        return stages.stream().filter(s -> names.contains(s.name())).toList();
    }

    public List<Outcome> run(List<Stage> stages, boolean overwrite) throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        for (Stage stage : stages) {
            String output = stage.job().output(stage.config());
            Configuration hadoop = new Configuration();
            String fingerprint = Fingerprints.of(stage.job(), stage.config(), hadoop);
            JsonNode existing = existingManifest(output, hadoop);
            if (existing != null && fingerprint.equals(existing.path("fingerprint").asText())) {
                console.println("[pipeline] " + stage.name() + ": up to date, skipped (" + output + ")");
                outcomes.add(new Outcome(stage.name(), "skipped", output));
                continue;
            }
            boolean ownOutput = existing != null && stage.job().name().equals(existing.path("job").asText());
            console.println("[pipeline] " + stage.name() + ": running " + stage.job().name());
            runner.run(stage.job(), stage.config(), overwrite || ownOutput);
            outcomes.add(new Outcome(stage.name(), "ran", output));
        }
        return outcomes;
    }

    private static JsonNode existingManifest(String output, Configuration hadoop) throws IOException {
        Path manifest = new Path(output, Manifest.FILE_NAME);
        FileSystem fs = manifest.getFileSystem(hadoop);
        return fs.exists(manifest) ? Manifest.read(fs, manifest) : null;
    }
}
