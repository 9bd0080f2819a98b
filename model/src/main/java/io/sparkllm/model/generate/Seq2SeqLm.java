package io.sparkllm.model.generate;

/** An encoder-decoder model for beam search: log-probabilities of the next target token for each prefix, given an encoded source. */
public interface Seq2SeqLm {
    /** Runs the encoder once; the result is handed back to every {@link #nextLogProbabilities} call for this source. */
    EncodedSource encode(int[] source);

    /**
     * Log-probabilities [prefixes.length][vocab] of the token after each prefix. Every prefix starts with the
     * decoder start token; all prefixes of one call have the same length.
     */
    float[][] nextLogProbabilities(EncodedSource source, int[][] prefixes);

    /** Whatever the model keeps of an encoded source (encoder states, a cross-attention cache). */
    interface EncodedSource {
    }
}
