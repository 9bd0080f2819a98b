package io.sparkllm.jobs.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.runtime.JobContext;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** What every eval job writes beside its per-example Parquet: metrics.json and report.html. */
public final class EvalOutputs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EvalOutputs() {
    }

    public static void write(JobContext context, JsonNode metrics, EvalReport report) throws IOException {
        Path staging = context.staging();
        try (FSDataOutputStream out = context.fileSystem(staging).create(context.staging("metrics.json"), false)) {
            JSON.writerWithDefaultPrettyPrinter().writeValue((OutputStream) out, metrics);
        }
        try (FSDataOutputStream out = context.fileSystem(staging).create(context.staging("report.html"), false)) {
            out.write(report.html().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A small file beside a model (labels.json, tokenizer.json), read through Hadoop. */
    public static byte[] read(JobContext context, String dir, String file) throws IOException {
        Path path = new Path(dir, file);
        try (var in = context.fileSystem(path).open(path)) {
            return in.readAllBytes();
        }
    }
}
