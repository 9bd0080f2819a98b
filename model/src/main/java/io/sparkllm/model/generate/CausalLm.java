package io.sparkllm.model.generate;

/** A decoder-only language model that can open decoding sessions. */
public interface CausalLm {
    /** A fresh session with nothing appended yet; the caller closes it. */
    DecoderSession open();

    /** The length of every logits array the model's sessions return. */
    int vocabularySize();
}
