package io.sparkllm.jobs;

import com.typesafe.config.Config;
import io.sparkllm.runtime.Job;

import java.util.List;

/** A job that reads a corpus from {@code input} and commits to {@code output}. */
public abstract class CorpusJob implements Job {
    @Override
    public List<String> inputs(Config config) {
        return config.getStringList("input");
    }

    @Override
    public String output(Config config) {
        return config.getString("output");
    }
}
