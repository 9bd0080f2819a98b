package io.sparkllm.datasets.clean;

import java.io.Serializable;

/** A document's perplexity under its language's n-gram model, or NaN when the language has none. */
public interface PerplexityScorer extends Serializable {
    PerplexityScorer NONE = (language, text) -> Double.NaN;

    double perplexity(String language, String text);
}
