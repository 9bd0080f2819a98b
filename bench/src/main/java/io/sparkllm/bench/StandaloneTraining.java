package io.sparkllm.bench;

import io.sparkllm.testing.DriverProcess;
import io.sparkllm.testing.StandaloneCluster;

import java.time.Duration;

/**
 * train-scaling's cluster leg: starts a real Spark standalone cluster on loopback (a Master and
 * two Workers of one core each, separate JVMs, the launchers' JVM flags with the full JIT) and runs
 * {@code sparkllm train} on it from a driver JVM of its own, with the same settings as the local
 * legs. Exits with the driver's exit code; the run's metrics.jsonl is under OUTPUT.
 * Usage: StandaloneTraining WINDOWS_DIR OUTPUT PRESET STEPS AVERAGING_FREQUENCY BATCH
 */
public final class StandaloneTraining {
    private StandaloneTraining() {
    }

    public static void main(String[] args) throws Exception {
        String windows = args[0];
        String output = args[1];
        String preset = args[2];
        String steps = args[3];
        String frequency = args[4];
        String batch = args[5];
        try (StandaloneCluster cluster = StandaloneCluster.builder().workers(2).coresPerWorker(1).workerMemory("3g")
                .executorMemory("2g").jvmFlags().start()) {
            DriverProcess.Result run = cluster.driver("train", "--input", windows, "--output", output, "--model", preset,
                            "--max-steps", steps, "--overwrite", "--set", "workers=2", "--set", "batch-size-per-worker=" + batch,
                            "--set", "averaging-frequency=" + frequency, "--set", "eval-every=1000000",
                            "--set", "checkpoint-every=1000000")
                    .heap("2g").run(Duration.ofMinutes(30));
            if (run.exitCode() != 0) {
                System.err.println(run.describe());
            }
            System.exit(run.exitCode());
        }
    }
}
