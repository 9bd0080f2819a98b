package io.sparkllm.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The {@code sparkllm} CLI ({@code io.sparkllm.cli.Main}) in its own JVM, as the driver of a job on
 * a {@link StandaloneCluster}: the test JVM's classpath, the Java 17 flags, the cluster's driver
 * settings as {@code spark.*} system properties (as spark-submit passes them) and
 * {@code --set spark.master=spark://...}. Stdout and stderr go to files in the cluster's directory.
 */
public final class DriverProcess {
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final long startedNanos;

    private DriverProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.startedNanos = System.nanoTime();
    }

    /** How to start one driver; from {@link StandaloneCluster#driver(String...)}. */
    public static final class Launch {
        private final StandaloneCluster cluster;
        private final List<String> jobAndArgs;
        private final Map<String, String> spark;
        private String heap = "1g";

        Launch(StandaloneCluster cluster, List<String> jobAndArgs) {
            this.cluster = cluster;
            this.jobAndArgs = List.copyOf(jobAndArgs);
            this.spark = new LinkedHashMap<>(cluster.driverSparkConf());
        }

        /** Adds or replaces one Spark setting of the driver (a {@code -Dspark...} system property). */
        public Launch spark(String key, String value) {
            spark.put(key, value);
            return this;
        }

        /** The driver JVM's heap, e.g. {@code 1g}. */
        public Launch heap(String size) {
            this.heap = size;
            return this;
        }

        public DriverProcess start() throws IOException {
            int n = cluster.nextDriverIndex();
            Path workDir = Files.createDirectories(cluster.dir().resolve("driver-" + n));
            Path argFile = workDir.resolve("classpath.args");
            String classpath = cluster.driverClasspath().stream().map(Path::toString)
                    .collect(Collectors.joining(File.pathSeparator));
            Files.writeString(argFile, "-cp\n\"" + classpath.replace("\\", "\\\\") + "\"\n");

            List<String> command = new ArrayList<>();
            command.add(StandaloneCluster.java());
            command.add("-Xmx" + heap);
            command.addAll(cluster.jvmFlags());
            command.add("-Dlog4j2.configurationFile=" + ProjectRoot.get().resolve("conf/log4j2.properties"));
            spark.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.add("@" + argFile);
            command.add("io.sparkllm.cli.Main");
            command.addAll(jobAndArgs);
            command.add("--set");
            command.add("spark.master=" + cluster.masterUrl());

            Path out = cluster.dir().resolve("driver-" + n + ".out");
            Path err = cluster.dir().resolve("driver-" + n + ".err");
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            cluster.environment(pb.environment());
            DriverProcess driver = new DriverProcess(pb.start(), out, err);
            cluster.register(driver);
            return driver;
        }

        /** Starts the driver and waits for it; kills it after the timeout. */
        public Result run(Duration timeout) throws IOException {
            return start().await(timeout);
        }
    }

    /** How a driver ended: its exit code (-1 when killed at the timeout), its output and how long it ran. */
    public record Result(int exitCode, boolean timedOut, String stdout, String stderr, Duration elapsed) {
        /** For assertion messages: how it ended and the last lines of its output. */
        public String describe() {
            return "sparkllm driver " + (timedOut ? "killed at its timeout" : "exited with " + exitCode) + " after "
                    + elapsed.toSeconds() + " s\n--- stdout (tail)\n" + StandaloneCluster.tail(stdout, 30)
                    + "--- stderr (tail)\n" + StandaloneCluster.tail(stderr, 60);
        }
    }

    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Standard output so far. */
    public String stdout() {
        return StandaloneCluster.read(stdout);
    }

    /** Standard error so far (progress lines and errors). */
    public String stderr() {
        return StandaloneCluster.read(stderr);
    }

    /** Waits for the driver to exit; kills it (SIGKILL) if it runs past the timeout. */
    public Result await(Duration timeout) {
        boolean exited;
        try {
            exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
        }
        if (!exited) {
            kill();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
        return new Result(exited ? process.exitValue() : -1, !exited, stdout(), stderr(), elapsed);
    }

    /** SIGKILL to the driver (and anything it started). */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
