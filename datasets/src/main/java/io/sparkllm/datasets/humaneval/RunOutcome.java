package io.sparkllm.datasets.humaneval;

/**
 * How one sandboxed command ended.
 *
 * @param exitCode       the exit status (128 + signal when killed by one), -1 when we killed it
 * @param timedOut       over the wall-clock limit, killed
 * @param outputOverflow printed more than the output cap, killed
 * @param stdout         the first bytes of standard output (up to the cap)
 * @param stderr         the first bytes of standard error (up to the cap)
 * @param millis         wall-clock time of the step
 */
public record RunOutcome(int exitCode, boolean timedOut, boolean outputOverflow, String stdout, String stderr,
                         long millis) {
    /** Killed by SIGXCPU (RLIMIT_CPU's soft limit) or SIGKILL past its hard limit. */
    public boolean cpuLimitHit() {
        return exitCode == 128 + 24 || exitCode == 128 + 9 && !timedOut && !outputOverflow;
    }
}
