package io.sparkllm.jobs.humaneval;

import com.typesafe.config.Config;
import io.sparkllm.datasets.humaneval.SandboxSettings;

/** The {@code sandbox { ... }} section of humaneval-exec's config as {@link SandboxSettings}. */
final class SandboxConfig {
    private SandboxConfig() {
    }

    static SandboxSettings from(Config c) {
        return new SandboxSettings(c.getString("mode"), c.getInt("run-wall-seconds"), c.getInt("run-cpu-seconds"),
                c.getInt("compile-wall-seconds"), c.getInt("compile-cpu-seconds"), c.getLong("memory-mb") << 20,
                c.getInt("processes"), c.getLong("file-mb") << 20, c.getInt("output-kb") * 1024,
                c.getStringList("read-only-paths"), c.getInt("uid"));
    }
}
