package io.sparkllm.jobs.io;

import io.sparkllm.runtime.JobFailedException;
import io.sparkllm.runtime.UsageException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Expands input paths and globs into files, sorted (a stable order for ids and tie-breaks), and
 * tells their formats apart: JSONL (.jsonl/.json/.ndjson, optionally .gz or .zst), Parquet, or
 * plain text (one document per file). Hidden files ('.', '_') are skipped, as Hadoop does.
 */
public final class InputFiles {
    /** Input formats sparkllm reads documents from. */
    public enum Format { JSONL, PARQUET, TEXT }

    /** The files of each format. */
    public record Listing(List<String> jsonl, List<String> parquet, List<String> text) {
        public int size() {
            return jsonl.size() + parquet.size() + text.size();
        }
    }

    private InputFiles() {
    }

    /** Every file the inputs name (directories listed recursively, hidden files skipped), sorted. */
    public static TreeSet<String> expand(List<String> inputs, Configuration hadoop) throws IOException {
        if (inputs.isEmpty()) {
            throw new UsageException("no input given: set 'input' to one or more paths or globs");
        }
        TreeSet<String> files = new TreeSet<>();
        for (String input : inputs) {
            Path path = new Path(input);
            FileSystem fs = path.getFileSystem(hadoop);
            FileStatus[] matches = fs.globStatus(path);
            if (matches == null || matches.length == 0) {
                throw new JobFailedException("input not found: " + input);
            }
            for (FileStatus match : matches) {
                if (match.isFile()) {
                    files.add(match.getPath().toString());
                    continue;
                }
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(match.getPath(), true);
                while (it.hasNext()) {
                    Path p = it.next().getPath();
                    if (!hidden(match.getPath(), p)) {
                        files.add(p.toString());
                    }
                }
            }
        }
        return files;
    }

    public static Listing list(List<String> inputs, String format, Configuration hadoop) throws IOException {
        TreeSet<String> files = expand(inputs, hadoop);
        List<String> jsonl = new ArrayList<>();
        List<String> parquet = new ArrayList<>();
        List<String> text = new ArrayList<>();
        for (String file : files) {
            switch (formatOf(file, format)) {
                case JSONL -> jsonl.add(file);
                case PARQUET -> parquet.add(file);
                case TEXT -> text.add(file);
            }
        }
        return new Listing(jsonl, parquet, text);
    }

    static Format formatOf(String file, String format) {
        switch (format) {
            case "jsonl":
                return Format.JSONL;
            case "parquet":
                return Format.PARQUET;
            case "text":
                return Format.TEXT;
            case "auto":
                break;
            default:
                throw new UsageException("format must be auto, jsonl, parquet or text, got '" + format + "'");
        }
        String name = file.toLowerCase(Locale.ROOT).replaceAll("\\.(gz|zst)$", "");
        if (name.endsWith(".parquet")) {
            return Format.PARQUET;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
            return Format.JSONL;
        }
        return Format.TEXT;
    }

    /** True when any path element below the listed root starts with '.' or '_'. */
    private static boolean hidden(Path root, Path file) {
        for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
            String name = p.getName();
            if (name.startsWith(".") || name.startsWith("_")) {
                return true;
            }
        }
        return false;
    }
}
