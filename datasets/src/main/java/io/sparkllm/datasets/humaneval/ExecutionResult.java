package io.sparkllm.datasets.humaneval;

/**
 * The verdict on one sample.
 *
 * @param excerpt the start of what the failing step printed (stderr, or stdout where the tool
 *                reports there, as go test does); empty when passed
 * @param millis  wall-clock time of all steps, compile included
 */
public record ExecutionResult(Status status, String excerpt, long millis) {
}
