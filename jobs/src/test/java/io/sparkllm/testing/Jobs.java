package io.sparkllm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.sparkllm.datasets.sample.SampleDataSet;
import io.sparkllm.runtime.Job;
import io.sparkllm.runtime.JobConfigs;
import io.sparkllm.runtime.JobRunner;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs jobs the way the CLI does, for tests, and writes the sample data set to disk. */
public final class Jobs {
    private Jobs() {
    }

    /** Runs a job with its defaults and these settings (console output discarded); returns the manifest. */
    public static JsonNode run(Job job, Map<String, Object> settings) throws Exception {
        var config = JobConfigs.effective(job.name(),
                List.of(new JobConfigs.Layer("test", ConfigFactory.parseMap(settings))));
        StringWriter console = new StringWriter();
        return new JobRunner(new PrintWriter(console, true), new PrintWriter(console, true)).run(job, config, false);
    }

    /** Writes the sample data set (100 val and 100 test pairs) into a directory. */
    public static void writeSample(Path dir, long seed, int documents) throws Exception {
        Files.createDirectories(dir);
        new SampleDataSet(seed, documents, 100, 100).writeTo((relative, bytes) -> {
            Path p = dir.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.write(p, bytes);
        });
    }
}
