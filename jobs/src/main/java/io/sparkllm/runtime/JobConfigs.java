package io.sparkllm.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;

import java.io.File;
import java.util.List;

/**
 * Builds a job's effective configuration: its defaults ({@code conf/jobs/common.conf} and
 * {@code conf/jobs/NAME.conf}, shipped inside the jar), then a user file, then {@code --set}
 * overrides. Every user-given key is checked against the defaults.
 */
public final class JobConfigs {
    private static final ConfigParseOptions REQUIRED = ConfigParseOptions.defaults().setAllowMissing(false);

    private JobConfigs() {
    }

    public static Config defaults(String jobName) {
        Config common = ConfigFactory.parseResources("conf/jobs/common.conf", REQUIRED);
        Config own;
        try {
            own = ConfigFactory.parseResources("conf/jobs/" + jobName + ".conf", REQUIRED);
        } catch (ConfigException.IO e) {
            throw new IllegalStateException("job '" + jobName + "' has no defaults at conf/jobs/" + jobName + ".conf", e);
        }
        return own.withFallback(common);
    }

    /** Reads a user HOCON file; substitutions may refer to environment variables. */
    public static Config userFile(File file) {
        if (!file.isFile()) {
            throw new UsageException("config file not found: " + file);
        }
        try {
            return ConfigFactory.parseFile(file, REQUIRED);
        } catch (ConfigException e) {
            throw new UsageException("config file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Layers overrides over the job's defaults and resolves substitutions.
     *
     * @param layers user layers, highest priority first, each with a name for error messages
     */
    public static Config effective(String jobName, List<Layer> layers) {
        Config defaults = defaults(jobName);
        Config merged = ConfigFactory.empty();
        for (Layer layer : layers) {
            ConfigValidator.validate(defaults, layer.config(), layer.source());
            merged = merged.withFallback(layer.config());
        }
        try {
            return merged.withFallback(defaults)
                    .resolve(ConfigResolveOptions.defaults().setAllowUnresolved(false));
        } catch (ConfigException e) {
            throw new UsageException("config for '" + jobName + "': " + e.getMessage());
        }
    }

    public static String toJson(Config config) {
        return config.root().render(ConfigRenderOptions.concise());
    }

    /** One named layer of user configuration. */
    public record Layer(String source, Config config) {
    }
}
