package io.sparkllm.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a job's output depends on, as one hash: the job, its config (less what can't change the
 * content: where it is written, Spark tuning, progress display), and each input. An input that is
 * itself a sparkllm output stands for its manifest's fingerprint; any other input for its file
 * listing (path, length, modification time). An input inside a sparkllm output stands for that
 * output's fingerprint and its place in it.
 */
public final class Fingerprints {
    /** Config paths that only say where or how a job runs, never what it writes. */
    static final List<String> NON_SEMANTIC_SECTIONS = List.of("output", "spark", "progress");

    private Fingerprints() {
    }

    public static String of(Job job, Config config, Configuration hadoop) throws IOException {
        MessageDigest digest = sha256();
        update(digest, "job=" + job.name());
        Config semantic = config;
        for (String section : NON_SEMANTIC_SECTIONS) {
            semantic = semantic.withoutPath(section);
        }
        update(digest, "config=" + JobConfigs.toJson(semantic));
        for (String input : job.inputs(config)) {
            update(digest, "input=" + input + "=" + ofInput(new Path(input), hadoop));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String ofInput(Path input, Configuration hadoop) throws IOException {
        FileSystem fs = input.getFileSystem(hadoop);
        FileStatus[] matches = fs.globStatus(input);
        if (matches == null || matches.length == 0) {
            return "missing";
        }
        MessageDigest digest = sha256();
        for (FileStatus match : matches) {
            String upstream = upstreamFingerprint(fs, match.getPath());
            if (upstream != null) {
                update(digest, upstream);
                continue;
            }
            List<String> files = new ArrayList<>();
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(match.getPath(), true);
            while (it.hasNext()) {
                LocatedFileStatus f = it.next();
                files.add(f.getPath().toUri().getPath() + ":" + f.getLen() + ":" + f.getModificationTime());
            }
            files.sort(null);
            files.forEach(f -> update(digest, f));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * For a path inside a sparkllm output (the output itself or anything below it), the output's
     * manifest fingerprint and the path below it; null for anything else.
     */
    private static String upstreamFingerprint(FileSystem fs, Path path) throws IOException {
        String below = "";
        for (Path dir = path; dir != null; dir = dir.getParent()) {
            Path manifest = new Path(dir, Manifest.FILE_NAME);
            if (fs.exists(manifest)) {
                JsonNode node = Manifest.read(fs, manifest);
                return "manifest:" + node.path("fingerprint").asText() + ":" + below;
            }
            below = dir.getName() + (below.isEmpty() ? "" : "/" + below);
        }
        return null;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest digest, String s) {
        digest.update(s.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
    }
}
