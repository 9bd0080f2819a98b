package io.sparkllm.datasets.pairs;

import java.io.Serializable;

/** One input line as a pair of raw sentences, or the reason it can't be one ("rule: detail") with an excerpt. */
public record PairLine(String src, String tgt, String error, String raw) implements Serializable {
    public static PairLine pair(String src, String tgt) {
        return new PairLine(src, tgt, null, null);
    }

    public static PairLine unreadable(String rule, String detail, String raw) {
        return new PairLine(null, null, rule + ": " + detail, raw);
    }

    public boolean readable() {
        return error == null;
    }
}
