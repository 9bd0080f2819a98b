package io.sparkllm.datasets.clean;

import java.io.Serializable;

/**
 * One rule measured on one document: the rule's name, the measured value, the threshold it was
 * held to, and whether the document passed. Every filter reports these, so stats and the
 * rejected rows can show each rule's own effect.
 */
public record FilterResult(String rule, double value, double threshold, boolean passed) implements Serializable {
    /** Passes when {@code value <= max}. */
    public static FilterResult atMost(String rule, double value, double max) {
        return new FilterResult(rule, value, max, value <= max);
    }

    /** Passes when {@code value >= min}. */
    public static FilterResult atLeast(String rule, double value, double min) {
        return new FilterResult(rule, value, min, value >= min);
    }
}
