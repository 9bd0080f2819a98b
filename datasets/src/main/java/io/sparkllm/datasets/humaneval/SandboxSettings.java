package io.sparkllm.datasets.humaneval;

import java.io.Serializable;
import java.util.List;

/**
 * Limits and isolation for one program run.
 *
 * @param mode                 {@code bwrap} (namespaces and limits), {@code limits-only} (limits
 *                             without namespaces), or {@code auto} (bwrap where installed)
 * @param runWallSeconds       wall-clock limit of a run step
 * @param runCpuSeconds        CPU-time limit of a run step (RLIMIT_CPU)
 * @param compileWallSeconds   wall-clock limit of a compile step
 * @param compileCpuSeconds    CPU-time limit of a compile step
 * @param memoryBytes          writable memory (RLIMIT_DATA: heap, stacks, private mappings)
 * @param processes            processes and threads of the sandbox user (RLIMIT_NPROC)
 * @param fileBytes            largest file the program may write (RLIMIT_FSIZE)
 * @param outputBytes          stdout and stderr kept per step; more kills the step
 * @param readOnlyPaths        host paths mounted read-only in the sandbox (toolchains)
 * @param sandboxUid           first uid a run drops to when started as root; concurrent runs take
 *                             the next ones, so each has its own process count
 */
public record SandboxSettings(String mode, int runWallSeconds, int runCpuSeconds, int compileWallSeconds,
                              int compileCpuSeconds, long memoryBytes, int processes, long fileBytes,
                              int outputBytes, List<String> readOnlyPaths, int sandboxUid) implements Serializable {

    public static SandboxSettings defaults() {
        return new SandboxSettings("auto", 10, 10, 60, 60, 512L << 20, 256, 16L << 20, 64 * 1024,
                List.of("/usr", "/etc/alternatives", "/etc/java-17-openjdk", "/etc/ssl"), 61000);
    }
}
