package io.sparkllm.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.jobs.clean.CleanJob;
import io.sparkllm.testing.DriverProcess;
import io.sparkllm.testing.Jobs;
import io.sparkllm.testing.StandaloneCluster;
import io.sparkllm.testing.TestSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sparkllm jobs on a real Spark standalone cluster: a Master and two one-core Workers, each a
 * separate JVM on 127.0.0.1, and the {@code sparkllm} CLI as the driver in a JVM of its own. The
 * outputs are compared row for row with the same job run in this JVM's local[2] session.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    /** An executor's log line for a task's second or later attempt, or for a task of a resubmitted stage. */
    private static final Pattern RETRIED_TASK =
            Pattern.compile("Running task \\d+\\.([1-9]\\d*) in stage|Running task \\d+\\.\\d+ in stage \\d+\\.[1-9]");

    @TempDir
    static Path work;
    private static StandaloneCluster cluster;
    private static String input;
    private static Path local;

    @RegisterExtension
    static final TestWatcher LOGS = StandaloneCluster.logsOnFailure(() -> cluster);

    @BeforeAll
    static void start() throws Exception {
        Path sample = work.resolve("sample");
        Jobs.writeSample(sample, 20240611, 400);
        input = sample.resolve("webdocs").toString();
        cluster = StandaloneCluster.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void everyWorkerRuns() throws Exception {
        for (int i = 0; i < cluster.workerCount(); i++) {
            if (!cluster.workerProcessAlive(i)) {
                cluster.restartWorker(i);
            }
        }
    }

    /** The clean job on the sample in this JVM's local[2] session, run once: the reference. */
    private static synchronized Path localClean() throws Exception {
        if (local == null) {
            Path out = work.resolve("clean-local");
            JsonNode manifest = Jobs.run(new CleanJob(), Map.of("input", List.of(input), "output", out.toString()));
            assertThat(manifest.path("spark").path("master").asText()).startsWith("local");
            local = out;
        }
        return local;
    }

    @Test
    @Order(1)
    void cleanRunsOnTwoExecutorsOfTheClusterAndWritesWhatTheLocalSessionWrites() throws Exception {
        Path out = work.resolve("clean-cluster");
        DriverProcess.Result run = cluster.driver("clean", "--input", input, "--output", out.toString())
                .run(JOB_TIMEOUT);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).contains("sparkllm clean finished");

        JsonNode manifest = manifest(out);
        assertThat(manifest.path("spark").path("master").asText()).isEqualTo(cluster.masterUrl());
        String appId = manifest.path("spark").path("appId").asText();
        assertThat(appId).as("a standalone application id").matches("app-\\d{14}-\\d{4}");
        assertThat(cluster.applicationState(appId)).contains("FINISHED");
        List<StandaloneCluster.Executor> executors = cluster.executorsOf(appId);
        assertThat(executors).extracting(StandaloneCluster.Executor::worker).containsExactlyInAnyOrder(0, 1);
        assertThat(executors).allSatisfy(e -> assertThat(e.tasks().finished()).as("tasks run by executor " + e.id())
                .isPositive());

        assertSameOutput(out, localClean());
    }

    @Test
    @Order(2)
    void cleanCompletesWhenAWorkerDiesMidJob() throws Exception {
        Path out = work.resolve("clean-worker-killed");
        DriverProcess driver = cluster.driver("clean", "--input", input, "--output", out.toString()).start();
        int victim = awaitRunningTask(driver, Duration.ofSeconds(120));
        cluster.killWorker(victim);
        DriverProcess.Result run = driver.await(JOB_TIMEOUT);

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stderr()).as(run.describe()).contains("Lost executor");
        assertThat(cluster.aliveWorkers()).isEqualTo(cluster.workerCount() - 1);
        String appId = manifest(out).path("spark").path("appId").asText();
        List<StandaloneCluster.Executor> executors = cluster.executorsOf(appId);
        assertThat(executors).extracting(StandaloneCluster.Executor::worker).containsExactlyInAnyOrder(0, 1);
        assertThat(cluster.applicationState(appId)).contains("FINISHED");
        // The task that was running on the lost executor ran again, as a second attempt, on the other one.
        StandaloneCluster.Executor survivor = executors.stream().filter(e -> e.worker() != victim).findFirst()
                .orElseThrow();
        assertThat(Files.readString(survivor.stderr())).containsPattern(RETRIED_TASK);

        assertSameOutput(out, localClean());
    }

    /** Waits until an executor has a task running and returns its Worker. */
    private static int awaitRunningTask(DriverProcess driver, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && driver.isAlive()) {
            for (int i = 0; i < cluster.workerCount(); i++) {
                if (cluster.tasksOn(i).running() > 0) {
                    return i;
                }
            }
            sleep(20);
        }
        throw new AssertionError("no executor started a task before the driver "
                + (driver.isAlive() ? "ran " + timeout.toSeconds() + " s" : "exited") + "\n" + driver.stderr());
    }

    private static void assertSameOutput(Path cluster, Path local) throws Exception {
        JsonNode onCluster = manifest(cluster);
        JsonNode inLocal = manifest(local);
        assertThat(onCluster.path("fingerprint")).isEqualTo(inLocal.path("fingerprint"));
        assertThat(recordsByOutput(onCluster)).isEqualTo(recordsByOutput(inLocal));
        for (String part : List.of("kept", "rejected", "quarantine")) {
            assertThat(rows(cluster.resolve(part))).as(part).isEqualTo(rows(local.resolve(part)));
        }
        assertThat(JSON.readTree(cluster.resolve("stats.json").toFile()))
                .isEqualTo(JSON.readTree(local.resolve("stats.json").toFile()));
    }

    private static JsonNode manifest(Path output) throws Exception {
        return JSON.readTree(output.resolve("_manifest.json").toFile());
    }

    private static Map<String, Long> recordsByOutput(JsonNode manifest) {
        Map<String, Long> out = new HashMap<>();
        manifest.path("outputs").forEach(o -> out.put(o.path("name").asText(), o.path("records").asLong()));
        return out;
    }

    /** Every row as JSON, sorted: equal lists are the same rows, however they were partitioned. */
    private static List<String> rows(Path parquet) {
        return TestSpark.session().read().parquet(parquet.toString()).toJSON().collectAsList().stream().sorted()
                .toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
