package io.sparkllm.testing;

import com.typesafe.config.ConfigFactory;
import io.sparkllm.runtime.JobConfigs;
import io.sparkllm.runtime.JobRunner;

import java.util.List;
import java.util.Map;

/** Runs a slow word count in its own JVM so a test can kill it mid-job. Args: INPUT OUTPUT. */
public final class KillTarget {
    private KillTarget() {
    }

    public static void main(String[] args) throws Exception {
        var config = JobConfigs.effective("test-words", List.of(new JobConfigs.Layer("args", ConfigFactory.parseMap(
                Map.of("input", args[0], "output", args[1], "task-sleep-ms", 600_000,
                        "spark.local-master", "local[1]")))));
        new JobRunner(new java.io.PrintWriter(System.err, true), new java.io.PrintWriter(System.out, true)).run(new WordCountJob(), config, false);
    }
}
