package io.sparkllm.runtime;

/** One input of a job: where it was read from, how many records came out of it, and its fingerprint. */
public record InputCounts(String path, long records, String fingerprint) {
}
