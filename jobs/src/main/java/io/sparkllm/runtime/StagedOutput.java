package io.sparkllm.runtime;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.UUID;

/**
 * An output directory written under a hidden staging name beside it and committed by rename, so a
 * failed or killed job never leaves a half-written output where readers look. Hidden names (a
 * leading dot) are skipped by Hadoop and Spark readers.
 */
public final class StagedOutput {
    private final FileSystem fs;
    private final Path output;
    private final Path staging;
    private volatile boolean finished;

    private StagedOutput(FileSystem fs, Path output, Path staging) {
        this.fs = fs;
        this.output = output;
        this.staging = staging;
    }

    public static StagedOutput prepare(String output, boolean overwrite, Configuration hadoop) throws IOException {
        Path target = new Path(output);
        FileSystem fs = target.getFileSystem(hadoop);
        target = fs.makeQualified(target);
        if (fs.exists(target) && !overwrite) {
            throw new JobFailedException("output already exists: " + target + " (pass --overwrite to replace it)");
        }
        Path parent = target.getParent();
        if (parent == null) {
            throw new UsageException("output can't be a filesystem root: " + target);
        }
        Path staging = new Path(parent, "." + target.getName() + ".staging-" + UUID.randomUUID());
        if (!fs.mkdirs(staging)) {
            throw new JobFailedException("can't create staging directory " + staging);
        }
        return new StagedOutput(fs, target, staging);
    }

    public Path output() {
        return output;
    }

    public Path staging() {
        return staging;
    }

    /** Moves the staged directory into place, replacing an older output only once the new one is complete. */
    public synchronized void commit() throws IOException {
        Path replaced = null;
        if (fs.exists(output)) {
            replaced = new Path(output.getParent(), "." + output.getName() + ".replaced-" + UUID.randomUUID());
            if (!fs.rename(output, replaced)) {
                throw new JobFailedException("can't move the old output " + output + " aside");
            }
        }
        if (!fs.rename(staging, output)) {
            if (replaced != null) {
                fs.rename(replaced, output);
            }
            throw new JobFailedException("can't commit " + staging + " to " + output);
        }
        finished = true;
        if (replaced != null) {
            fs.delete(replaced, true);
        }
    }

    /** Deletes the staged files; safe to call more than once and after a commit. */
    public synchronized void abort() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            fs.delete(staging, true);
        } catch (IOException e) {
            System.err.println("sparkllm: could not remove staging directory " + staging + ": " + e.getMessage());
        }
    }
}
