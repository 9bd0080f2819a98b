package io.sparkllm.jobs.sample;

import com.typesafe.config.Config;
import io.sparkllm.datasets.sample.SampleDataSet;
import io.sparkllm.runtime.Job;
import io.sparkllm.runtime.JobContext;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.util.List;
import java.util.Map;

/** {@code sparkllm sample}: writes the offline demo data set (see {@link SampleDataSet}). */
public final class SampleJob implements Job {
    @Override
    public String name() {
        return "sample";
    }

    @Override
    public List<String> inputs(Config config) {
        return List.of();
    }

    @Override
    public String output(Config config) {
        return config.getString("output");
    }

    @Override
    public boolean usesSpark() {
        return false;
    }

    @Override
    public void run(JobContext context) throws Exception {
        Config c = context.config();
        SampleDataSet data = new SampleDataSet(c.getLong("seed"), c.getInt("documents"), c.getInt("val-pairs"),
                c.getInt("test-pairs"));
        Map<String, Long> counts;
        // A private FileSystem instance: no .crc side files beside the sample's files, and the
        // shared cached instance keeps its checksum setting.
        try (FileSystem fs = FileSystem.newInstance(context.staging().toUri(), context.hadoopConf())) {
            fs.setWriteChecksum(false);
            counts = data.writeTo((relative, bytes) -> {
                try (FSDataOutputStream out = fs.create(new Path(context.staging(), relative), false)) {
                    out.write(bytes);
                }
            });
        }
        counts.forEach((path, records) -> context.recordOutput(path, path, records,
                path.startsWith("truth/") ? "truth" : "data"));
        context.count("files", counts.size());
    }
}
