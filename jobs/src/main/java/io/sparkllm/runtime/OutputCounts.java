package io.sparkllm.runtime;

/**
 * One output of a job: a named sub-path of the output directory with its record count.
 *
 * @param category what the records are: kept, rejected, quarantined, report, ...
 */
public record OutputCounts(String name, String path, long records, String category) {
}
