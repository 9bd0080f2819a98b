package io.sparkllm.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code _manifest.json}: what a job was, read and wrote. It is the last file written into the
 * staging directory, so an output with a manifest is a complete output.
 */
public final class Manifest {
    public static final String FILE_NAME = "_manifest.json";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Manifest() {
    }

    /** Everything the manifest records about one finished run. */
    public record Run(String job, Config config, String fingerprint, String output, List<InputCounts> inputs,
                      List<OutputCounts> outputs, Map<String, Object> counts, Instant started,
                      Instant finished, Map<String, Double> stageSeconds, SparkInfo spark) {
    }

    /** The Spark application that ran the job, or none for a driver-only job. */
    public record SparkInfo(String appId, String master, String version) {
        static final SparkInfo NONE = new SparkInfo(null, null, null);
    }

    public static ObjectNode toJson(Run run) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("job", run.job());
        root.put("version", Version.get());
        root.put("fingerprint", run.fingerprint());
        root.put("output", run.output());
        root.set("config", JSON.readTree(JobConfigs.toJson(run.config())));
        ArrayNode inputs = root.putArray("inputs");
        for (InputCounts in : run.inputs()) {
            ObjectNode n = inputs.addObject();
            n.put("path", in.path());
            n.put("records", in.records());
        }
        ArrayNode outputs = root.putArray("outputs");
        for (OutputCounts out : run.outputs()) {
            ObjectNode n = outputs.addObject();
            n.put("name", out.name());
            n.put("path", out.path());
            n.put("records", out.records());
            n.put("category", out.category());
        }
        root.set("counts", JSON.valueToTree(run.counts()));
        ObjectNode timings = root.putObject("timings");
        timings.put("started", run.started().toString());
        timings.put("finished", run.finished().toString());
        timings.put("seconds", Duration.between(run.started(), run.finished()).toMillis() / 1000.0);
        timings.set("stages", JSON.valueToTree(run.stageSeconds()));
        ObjectNode spark = root.putObject("spark");
        spark.put("appId", run.spark().appId());
        spark.put("master", run.spark().master());
        spark.put("version", run.spark().version());
        return root;
    }

    public static void write(FileSystem fs, Path file, JsonNode manifest) throws IOException {
        try (FSDataOutputStream out = fs.create(file, true)) {
            JSON.writeValue((java.io.OutputStream) out, manifest);
        }
    }

    public static JsonNode read(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return JSON.readTree(in);
        }
    }
}
