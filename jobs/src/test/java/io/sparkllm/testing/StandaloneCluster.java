package io.sparkllm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on 127.0.0.1 for tests: one {@code Master} and N {@code Worker}
 * JVMs started from this JVM's classpath, each Worker offering a few cores and some memory.
 * Workers launch executors from a temporary SPARK_HOME whose {@code jars/} links every jar of the
 * test classpath. The project's own classes (class directories in a Maven build) are jarred into
 * {@code SPARK_HOME/app/} at start; a driver ships them to its executors through
 * {@code spark.jars}, as spark-submit ships the application jar.
 *
 * <p>Jobs run against it through {@link #driver(String...)}: the {@code sparkllm} CLI in a
 * separate JVM (a JVM holds one SparkContext, and the test JVM's is local[2]).
 *
 * <p>Every JVM of the cluster runs on this JVM's Java with the Java 17 opens, the project's JVM
 * flags and, by default, only the C1 compiler (see {@link Builder#jvmFlags}); Spark's scratch
 * space is inside {@link #dir()}. Logs (Master, Workers, each executor's stderr, each driver) stay
 * there too; the directory is deleted on {@link #close()} unless {@link #printLogs} was called (a
 * failed test) or the system property {@code sparkllm.cluster.keep} is true. Every process is
 * killed on close and on JVM exit.
 */
public final class StandaloneCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://\\S+)");
    private static final Pattern MASTER_UI = Pattern.compile("Bound MasterWebUI to \\S+, and started at (http://\\S+)");
    private static final Pattern WORKER_ADDRESS = Pattern.compile("Starting Spark worker (\\S+):(\\d+) with");
    private static final String LOG4J = """
            # Logging of the test cluster's Master, Workers and executors.
            rootLogger.level = info
            rootLogger.appenderRef.stderr.ref = stderr
            appender.stderr.type = Console
            appender.stderr.name = stderr
            appender.stderr.target = SYSTEM_ERR
            appender.stderr.layout.type = PatternLayout
            appender.stderr.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n
            logger.nativecode.name = org.apache.hadoop.util.NativeCodeLoader
            logger.nativecode.level = error
            logger.blocks.name = org.apache.spark.storage
            logger.blocks.level = warn
            """;

    private final Builder settings;
    private final Path dir;
    private final Path home;
    private final List<Path> appJars = new ArrayList<>();
    private final List<Path> driverClasspath;
    private final List<String> jvmOptions;
    private final List<Process> workers = new ArrayList<>();
    private final List<String> workerAddresses = new ArrayList<>();
    private final List<DriverProcess> drivers = new ArrayList<>();
    private final AtomicInteger driverIndex = new AtomicInteger();
    private final Thread shutdownHook = new Thread(this::killAll, "sparkllm-cluster-shutdown");
    private Process master;
    private String masterUrl;
    private String masterWebUrl;
    private boolean keep = Boolean.getBoolean("sparkllm.cluster.keep");
    private boolean closed;

    private StandaloneCluster(Builder settings) throws IOException {
        this.settings = settings;
        this.dir = Files.createTempDirectory("sparkllm-cluster-");
        this.home = dir.resolve("spark-home");
        this.jvmOptions = jvmOptions();
        List<Path> classpath = TestClasspath.entries();
        this.driverClasspath = classpath;
        layOutSparkHome(classpath);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Two Workers with one core each: the shape most cluster tests want. */
    public static StandaloneCluster start() throws IOException {
        return builder().start();
    }

    public static final class Builder {
        private int workers = 2;
        private int coresPerWorker = 1;
        private String workerMemory = "1g";
        private String executorMemory = "1g";
        private String daemonHeap = "256m";
        private Duration startTimeout = Duration.ofSeconds(90);
        private List<String> jvmFlags = List.of("-XX:TieredStopAtLevel=1");

        private Builder() {
        }

        /**
         * JVM flags for every JVM of the cluster (Master, Workers, executors, drivers) after the Java
         * 17 opens and submit/lib/jvm-flags. The default, {@code -XX:TieredStopAtLevel=1}, keeps to the
         * C1 compiler: on two cores C2's compiler threads took most of the CPU of these short-lived
         * JVMs, and a small job ran in a third of the time without them.
         */
        public Builder jvmFlags(String... flags) {
            this.jvmFlags = List.of(flags);
            return this;
        }

        public Builder workers(int n) {
            this.workers = n;
            return this;
        }

        public Builder coresPerWorker(int n) {
            this.coresPerWorker = n;
            return this;
        }

        /** Memory each Worker offers executors (Spark size syntax: 1g, 1536m). */
        public Builder workerMemory(String size) {
            this.workerMemory = size;
            return this;
        }

        /** {@code spark.executor.memory} of drivers started by {@link #driver}; at most the Worker's memory. */
        public Builder executorMemory(String size) {
            this.executorMemory = size;
            return this;
        }

        /** Heap of the Master and Worker JVMs themselves. */
        public Builder daemonHeap(String size) {
            this.daemonHeap = size;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Starts the Master and the Workers and waits until the Master counts every Worker alive. */
        public StandaloneCluster start() throws IOException {
            StandaloneCluster cluster = new StandaloneCluster(this);
            try {
                cluster.startDaemons();
                return cluster;
            } catch (RuntimeException | IOException e) {
                cluster.keep = true;
                cluster.close();
                throw e;
            }
        }
    }

    // ---------------------------------------------------------------- layout and start

    private List<String> jvmOptions() throws IOException {
        List<String> options = new ArrayList<>();
        for (String file : List.of("submit/lib/java17-opens", "submit/lib/jvm-flags")) {
            for (String line : Files.readAllLines(ProjectRoot.get().resolve(file))) {
                if (!line.isBlank()) {
                    options.add(line.trim());
                }
            }
        }
        options.addAll(settings.jvmFlags);
        return List.copyOf(options);
    }

    private void layOutSparkHome(List<Path> classpath) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(dir.resolve("local"));
        Path app = Files.createDirectories(home.resolve("app"));
        Files.writeString(conf.resolve("log4j2.properties"), LOG4J);
        Set<String> names = new HashSet<>();
        for (Path entry : classpath) {
            if (Files.isDirectory(entry)) {
                Path jar = app.resolve(unique(names, classesJarName(entry)));
                jarDirectory(entry, jar);
                appJars.add(jar);
            } else if (entry.getFileName().toString().endsWith(".jar")) {
                Files.createSymbolicLink(jars.resolve(unique(names, entry.getFileName().toString())), entry);
            }
        }
    }

    /** {@code .../jobs/target/test-classes} becomes {@code jobs-test-classes.jar}. */
    private static String classesJarName(Path classes) {
        Path target = classes.getParent();
        Path module = target == null ? null : target.getParent();
        String prefix = module != null && target.getFileName().toString().equals("target")
                ? module.getFileName() + "-" : "";
        return prefix + classes.getFileName() + ".jar";
    }

    private static String unique(Set<String> taken, String name) {
        String candidate = name;
        for (int i = 2; !taken.add(candidate); i++) {
            candidate = i + "-" + name;
        }
        return candidate;
    }

    private static void jarDirectory(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                if (p.equals(classes)) {
                    continue;
                }
                String name = classes.relativize(p).toString().replace('\\', '/');
                if (Files.isDirectory(p)) {
                    out.putNextEntry(new JarEntry(name + "/"));
                } else {
                    out.putNextEntry(new JarEntry(name));
                    Files.copy(p, out);
                }
                out.closeEntry();
            }
        }
    }

    private void startDaemons() throws IOException {
        long deadline = System.nanoTime() + settings.startTimeout.toNanos();
        master = launch(log("master.log"), "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", "0", "--webui-port", "0");
        masterUrl = awaitLine(master, log("master.log"), 0, MASTER_URL, deadline, "the Master to start").group(1);
        masterWebUrl = awaitLine(master, log("master.log"), 0, MASTER_UI, deadline, "the Master's web UI").group(1);
        for (int i = 0; i < settings.workers; i++) {
            workers.add(launchWorker(i));
            workerAddresses.add(null);
        }
        for (int i = 0; i < settings.workers; i++) {
            awaitWorker(i, 0, deadline);
        }
        awaitAliveWorkers(settings.workers, settings.startTimeout);
    }

    private Process launchWorker(int i) throws IOException {
        Path work = Files.createDirectories(dir.resolve("work-" + i));
        return launch(log("worker-" + i + ".log"), "org.apache.spark.deploy.worker.Worker",
                "--host", "127.0.0.1", "--cores", String.valueOf(settings.coresPerWorker),
                "--memory", settings.workerMemory, "--webui-port", "0", "--work-dir", work.toString(), masterUrl);
    }

    private void awaitWorker(int i, long logOffset, long deadline) {
        Matcher m = awaitLine(workers.get(i), log("worker-" + i + ".log"), logOffset, WORKER_ADDRESS, deadline,
                "Worker " + i + " to start");
        workerAddresses.set(i, m.group(1) + ":" + m.group(2));
    }

    /** Starts Worker i again after {@link #killWorker}, in the same work directory, and waits until it is alive. */
    public void restartWorker(int i) throws IOException {
        if (workers.get(i).isAlive()) {
            throw new IllegalStateException("Worker " + i + " is running");
        }
        long deadline = System.nanoTime() + settings.startTimeout.toNanos();
        long offset = read(log("worker-" + i + ".log")).length();
        workers.set(i, launchWorker(i));
        awaitWorker(i, offset, deadline);
        int running = (int) workers.stream().filter(Process::isAlive).count();
        awaitAliveWorkers(running, settings.startTimeout);
    }

    /** Starts a Master or Worker JVM on SPARK_HOME's jars; its output is appended to the log. */
    private Process launch(Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-Xmx" + settings.daemonHeap);
        command.addAll(jvmOptions);
        command.add("-Dlog4j2.configurationFile=" + home.resolve("conf/log4j2.properties"));
        command.add("-Dspark.master.rest.enabled=false");
        command.add("-cp");
        command.add(home.resolve("conf") + File.pathSeparator + home.resolve("jars") + File.separator + "*");
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        environment(pb.environment());
        return pb.start();
    }

    /** The environment of every JVM of the cluster, drivers included: this SPARK_HOME and Java, loopback only. */
    void environment(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("SPARK_") || k.equals("HADOOP_CONF_DIR") || k.equals("YARN_CONF_DIR"));
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_CONF_DIR", home.resolve("conf").toString());
        env.put("SPARK_SCALA_VERSION", "2.12"); // else the launcher looks for a Spark build tree
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOCAL_DIRS", dir.resolve("local").toString()); // scratch space, deleted with the rest
        env.put("JAVA_HOME", System.getProperty("java.home")); // executors run on this JVM's Java
        env.put("OMP_NUM_THREADS", "1");
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Waits for the first match of the pattern in a process's log. */
    private Matcher awaitLine(Process process, Path log, long offset, Pattern pattern, long deadline, String what) {
        while (true) {
            String text = read(log);
            Matcher m = pattern.matcher(text.substring((int) Math.min(offset, text.length())));
            if (m.find()) {
                return m;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("waiting for " + what + ": the process exited with "
                        + process.exitValue() + "\n" + logTails(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what + " after "
                        + settings.startTimeout.toSeconds() + " s\n" + logTails(40));
            }
            sleep(100);
        }
    }

    // ---------------------------------------------------------------- what the cluster is

    /** {@code spark://127.0.0.1:PORT}. */
    public String masterUrl() {
        return masterUrl;
    }

    /** The Master's web UI, {@code http://127.0.0.1:PORT}. */
    public String masterWebUrl() {
        return masterWebUrl;
    }

    public int workerCount() {
        return workers.size();
    }

    /** {@code host:port} of Worker i, as the Master lists it. */
    public String workerAddress(int i) {
        return workerAddresses.get(i);
    }

    public boolean workerProcessAlive(int i) {
        return workers.get(i).isAlive();
    }

    /** The Master's state as its web UI serves it at {@code /json}: workers, active and completed apps. */
    public JsonNode masterState() {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(masterWebUrl + "/json/").openConnection();
            c.setConnectTimeout(5000);
            c.setReadTimeout(10000);
            try (InputStream in = c.getInputStream()) {
                return JSON.readTree(in);
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Master's state from " + masterWebUrl + "/json/", e);
        }
    }

    /** Workers the Master counts ALIVE. */
    public int aliveWorkers() {
        int alive = 0;
        for (JsonNode w : masterState().path("workers")) {
            alive += "ALIVE".equals(w.path("state").asText()) ? 1 : 0;
        }
        return alive;
    }

    /** The application's state on the Master (RUNNING, FINISHED...), empty when it never registered. */
    public Optional<String> applicationState(String appId) {
        JsonNode state = masterState();
        for (String list : List.of("activeapps", "completedapps")) {
            for (JsonNode app : state.path(list)) {
                if (appId.equals(app.path("id").asText())) {
                    return Optional.of(app.path("state").asText());
                }
            }
        }
        return Optional.empty();
    }

    /** One executor an application had: the Worker that launched it and its id. */
    public record Executor(int worker, String id, Path dir) {
        public Path stderr() {
            return dir.resolve("stderr");
        }

        /** The tasks it started and finished, from its log. */
        public Tasks tasks() {
            return tasksIn(List.of(stderr()));
        }
    }

    /** Every executor launched for the application, from the Workers' work directories (dead Workers included). */
    public List<Executor> executorsOf(String appId) {
        List<Executor> out = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            Path app = dir.resolve("work-" + i).resolve(appId);
            if (!Files.isDirectory(app)) {
                continue;
            }
            try (Stream<Path> list = Files.list(app)) {
                list.filter(Files::isDirectory).sorted()
                        .forEach(p -> out.add(new Executor(workerOf(p), p.getFileName().toString(), p)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private int workerOf(Path executorDir) {
        String work = executorDir.getParent().getParent().getFileName().toString();
        return Integer.parseInt(work.substring("work-".length()));
    }

    /** Tasks the executors of one Worker started and finished, from their logs. */
    public record Tasks(int started, int finished) {
        public int running() {
            return started - finished;
        }
    }

    /** The tasks of every executor Worker i launched, over every application so far. */
    public Tasks tasksOn(int worker) {
        try (Stream<Path> files = Files.walk(dir.resolve("work-" + worker))) {
            return tasksIn(files.filter(f -> f.getFileName().toString().equals("stderr")).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Tasks tasksIn(List<Path> executorLogs) {
        int started = 0;
        int finished = 0;
        for (Path log : executorLogs) {
            for (String line : (Iterable<String>) read(log).lines()::iterator) {
                started += line.contains("Executor: Running task ") ? 1 : 0;
                finished += line.contains("Executor: Finished task ") ? 1 : 0;
            }
        }
        return new Tasks(started, finished);
    }

    /** The temporary directory: spark-home/, the logs, each Worker's work directory (executor logs). */
    public Path dir() {
        return dir;
    }

    public Path sparkHome() {
        return home;
    }

    /** The project's classes, jarred for executors (see {@link #driverSparkConf()}). */
    public List<Path> appJars() {
        return List.copyOf(appJars);
    }

    /** The classpath a driver JVM runs on: this JVM's, class directories and jars in order. */
    public List<Path> driverClasspath() {
        return driverClasspath;
    }

    /** JVM flags of every JVM of the cluster: the Java 17 opens, the project's JVM flags, the builder's extra flags. */
    public List<String> jvmFlags() {
        return jvmOptions;
    }

    /**
     * The Spark settings a driver needs for this cluster: loopback addresses, the project's classes
     * for executors, the executors' Java flags and environment, their memory, and a start that waits
     * for every Worker's executor. {@link DriverProcess} passes them as system properties, as
     * spark-submit does.
     */
    public Map<String, String> driverSparkConf() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.driver.host", "127.0.0.1");
        conf.put("spark.driver.bindAddress", "127.0.0.1");
        conf.put("spark.jars", String.join(",", appJars.stream().map(p -> p.toUri().toString()).toList()));
        conf.put("spark.executor.extraJavaOptions", String.join(" ", jvmOptions));
        conf.put("spark.executorEnv.OMP_NUM_THREADS", "1");
        conf.put("spark.executor.memory", settings.executorMemory);
        conf.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        conf.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "60s");
        conf.put("spark.ui.enabled", "false");
        // As TestSpark: jobs here are small, and each shuffle partition is a task on two cores.
        conf.put("spark.sql.shuffle.partitions", "4");
        return conf;
    }

    /** A {@code sparkllm} run against this cluster: the job name and its arguments, as on the command line. */
    public DriverProcess.Launch driver(String... jobAndArgs) {
        return new DriverProcess.Launch(this, List.of(jobAndArgs));
    }

    synchronized void register(DriverProcess driver) {
        drivers.add(driver);
    }

    int nextDriverIndex() {
        return driverIndex.getAndIncrement();
    }

    // ---------------------------------------------------------------- failure

    /**
     * Kills Worker i and the executors it launched with SIGKILL, as a machine that dies takes
     * both. Returns once they are gone; the Master and drivers find out on their own.
     */
    public void killWorker(int i) {
        Process worker = workers.get(i);
        List<ProcessHandle> executors = worker.descendants().toList();
        worker.destroyForcibly();
        executors.forEach(ProcessHandle::destroyForcibly);
        awaitExit(worker.toHandle());
        executors.forEach(StandaloneCluster::awaitExit);
    }

    /** Waits until the Master counts this many Workers alive. */
    public void awaitAliveWorkers(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (aliveWorkers() != n) {
            if (!master.isAlive()) {
                throw new IllegalStateException("the Master exited with " + master.exitValue() + "\n" + logTails(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Master counts " + aliveWorkers() + " Workers alive, not " + n
                        + ", after " + timeout.toSeconds() + " s\n" + logTails(40));
            }
            sleep(200);
        }
    }

    // ---------------------------------------------------------------- logs

    Path log(String name) {
        return dir.resolve(name);
    }

    /** The last lines of every log: Master, Workers, executors, drivers. */
    public String logTails(int lines) {
        StringBuilder out = new StringBuilder("cluster logs in " + dir + "\n");
        for (Path log : logs()) {
            out.append("---- ").append(dir.relativize(log)).append(" (last ").append(lines).append(" lines)\n");
            out.append(tail(read(log), lines));
        }
        return out.toString();
    }

    /** Prints every log's tail and keeps the directory after close. For a failed test. */
    public void printLogs(PrintStream out) {
        keep = true;
        out.println(logTails(60));
    }

    /** Prints the cluster's logs when a test fails; register it with {@code @RegisterExtension}. */
    public static TestWatcher logsOnFailure(Supplier<StandaloneCluster> cluster) {
        return new TestWatcher() {
            @Override
            public void testFailed(ExtensionContext context, Throwable cause) {
                StandaloneCluster c = cluster.get();
                if (c != null) {
                    System.err.println(context.getDisplayName() + " failed; the cluster's logs follow.");
                    c.printLogs(System.err);
                }
            }
        };
    }

    private List<Path> logs() {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(p -> !p.startsWith(home) && Files.isRegularFile(p))
                    .filter(p -> p.getFileName().toString().matches(".*\\.(log|out|err)|stderr|stdout"))
                    .sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
        return last.isEmpty() ? "" : String.join("\n", last) + "\n";
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    // ---------------------------------------------------------------- shutdown

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to
        }
        if (keep) {
            System.err.println("cluster logs kept in " + dir);
        } else {
            deleteTree(dir);
        }
    }

    private void killAll() {
        List<ProcessHandle> all = new ArrayList<>();
        List<Process> processes = new ArrayList<>();
        synchronized (this) {
            drivers.forEach(d -> processes.add(d.process()));
        }
        processes.addAll(workers);
        if (master != null) {
            processes.add(master);
        }
        for (Process p : processes) {
            all.addAll(p.descendants().toList()); // executors, before their Worker goes
            all.add(p.toHandle());
        }
        all.forEach(ProcessHandle::destroyForcibly);
        all.forEach(StandaloneCluster::awaitExit);
    }

    private static void awaitExit(ProcessHandle handle) {
        try {
            handle.onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            // gone already, or stuck in the kernel: nothing more to do from here
        }
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
