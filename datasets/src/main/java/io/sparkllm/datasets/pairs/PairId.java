package io.sparkllm.datasets.pairs;

import io.sparkllm.datasets.corpus.RecordParser;

/** Stable pair ids: the same file name, line and text give the same id wherever the files live. */
public final class PairId {
    private PairId() {
    }

    /** First 128 bits of SHA-256 (hex) over the source's file name (no directory), the line and both sides. */
    public static String of(String sourceLabel, long line, String src, String tgt) {
        String name = sourceLabel.substring(sourceLabel.lastIndexOf('/') + 1);
        return RecordParser.contentId(name + "\u0000" + line + "\u0000" + src + "\u0000" + tgt);
    }
}
