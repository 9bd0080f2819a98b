package io.sparkllm.runtime;

import com.typesafe.config.Config;

import java.util.List;

/**
 * One sparkllm job. Implementations are thin: they read their settings, call the pure logic in
 * {@code datasets} or {@code model}, and write into {@link JobContext#staging()}. The runtime
 * does the rest (staging, commit, manifest, progress).
 */
public interface Job {
    /** The subcommand and config name, e.g. {@code sample}. */
    String name();

    /** Input paths, for the manifest and the pipeline's up-to-date check. */
    List<String> inputs(Config config);

    /** The output directory this job commits to. */
    String output(Config config);

    /** Driver-only jobs (no Spark work) skip starting a SparkSession. */
    default boolean usesSpark() {
        return true;
    }

    void run(JobContext context) throws Exception;
}
