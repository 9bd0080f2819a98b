package io.sparkllm.runtime;

import com.typesafe.config.Config;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** What a running job sees: its settings, Spark, its staging directory, and where it reports counts. */
public final class JobContext {
    private final Job job;
    private final Config config;
    private final Path staging;
    private final Configuration hadoop;
    private final Supplier<SparkSession> spark;
    private final PrintWriter console;
    private final List<InputCounts> inputs = new ArrayList<>();
    private final List<OutputCounts> outputs = new ArrayList<>();
    private final Map<String, Object> counts = new LinkedHashMap<>();

    JobContext(Job job, Config config, Path staging, Configuration hadoop, Supplier<SparkSession> spark,
               PrintWriter console) {
        this.job = job;
        this.config = config;
        this.staging = staging;
        this.hadoop = hadoop;
        this.spark = spark;
        this.console = console;
    }

    public String jobName() {
        return job.name();
    }

    public Config config() {
        return config;
    }

    /** The SparkSession, started on first use. */
    public SparkSession spark() {
        return spark.get();
    }

    public Configuration hadoopConf() {
        return hadoop;
    }

    public FileSystem fileSystem(Path path) throws IOException {
        return path.getFileSystem(hadoop);
    }

    /** The directory to write into; it becomes the output on success. */
    public Path staging() {
        return staging;
    }

    public Path staging(String child) {
        return new Path(staging, child);
    }

    /** Writes {@code value} as indented JSON to the staging file {@code child} (a job's stats.json, say). */
    public void writeJson(String child, Object value) throws IOException {
        try (FSDataOutputStream out = fileSystem(staging).create(staging(child), false)) {
            Manifest.JSON.writeValue((OutputStream) out, value);
        }
    }

    public void recordInput(String path, long records) {
        inputs.add(new InputCounts(path, records, null));
    }

    public void recordOutput(String name, String relativePath, long records, String category) {
        outputs.add(new OutputCounts(name, relativePath, records, category));
    }

    /**
     * Records a filtering job's input and its three outputs (the kept rows under {@code keptOutput},
     * {@code rejected/}, {@code quarantine/}) with their counts, and fails the job unless the rows
     * read equal kept + rejected + quarantined, counted from what was written.
     */
    public void recordAccounting(String input, String readCount, long read, String keptOutput, long kept,
                                 long rejected, long quarantined) {
        recordInput(input, read);
        recordOutput(keptOutput, keptOutput, kept, "kept");
        recordOutput("rejected", "rejected", rejected, "rejected");
        recordOutput("quarantine", "quarantine", quarantined, "quarantined");
        count(readCount, read);
        count("kept", kept);
        count("rejected", rejected);
        count("quarantined", quarantined);
        if (read != kept + rejected + quarantined) {
            throw new IllegalStateException("accounting broke: read " + read + " but kept " + kept
                    + " + rejected " + rejected + " + quarantined " + quarantined);
        }
    }

    /** A named count or measurement for the manifest (rows per language, drops per filter...). */
    public void count(String name, Object value) {
        counts.put(name, value);
    }

    /** Prints a line for the user (stderr, beside the progress lines). */
    public void say(String message) {
        console.println("[" + job.name() + "] " + message);
    }

    List<InputCounts> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    List<OutputCounts> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    Map<String, Object> counts() {
        return Collections.unmodifiableMap(counts);
    }
}
