package io.sparkllm.datasets.sample;

import java.io.IOException;

/** Where the sample generator writes its files (a Hadoop directory in the job, a map in tests). */
public interface SampleSink {
    void write(String relativePath, byte[] content) throws IOException;
}
