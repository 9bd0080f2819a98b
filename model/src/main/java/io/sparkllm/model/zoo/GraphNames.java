package io.sparkllm.model.zoo;

/**
 * Vertex names of the zoo's graphs, in one place for the builders and the checkpoint mappings.
 * DL4J keys a parameter as "vertex_param" and splits at the first underscore, so names use dots.
 */
public final class GraphNames {
    public static final String TOKENS = "tokens";
    public static final String SEGMENTS = "segments";
    /** Source-side inputs of the encoder-decoder. */
    public static final String SOURCE = "source";
    public static final String TABLE = "wte";
    /** The encoder-decoder's source table when source and target vocabularies differ. */
    public static final String SOURCE_TABLE = "src.wte";
    public static final String SOURCE_EMBED = "src.embed";
    public static final String EMBED = "embed";
    public static final String EMBED_NORM = "embed.ln";
    public static final String FINAL_NORM = "ln.f";
    public static final String HEAD_TABLE = "lm.table";
    public static final String HEAD = "lm.head";
    public static final String LM = "lm";
    public static final String MLM_DENSE = "mlm.dense";
    public static final String MLM_NORM = "mlm.ln";
    public static final String POOLER = "pooler";
    public static final String NSP = "nsp";

    private GraphNames() {
    }

    /** A part of block i: "h3.attn", "h3.ln1", ... */
    public static String block(int i, String part) {
        return "h" + i + "." + part;
    }

    /** A part of encoder block i of the encoder-decoder. */
    public static String encoderBlock(int i, String part) {
        return "enc" + i + "." + part;
    }
}
