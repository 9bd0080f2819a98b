package io.sparkllm.jobs.eval.bleu;

/** No tokenization: BLEU splits the segment on whitespace only, for text that is already tokenized. */
public final class TokenizerNone implements BleuTokenizer {
    private static final long serialVersionUID = 1L;

    @Override
    public String tokenize(String segment) {
        return segment;
    }

    @Override
    public String signatureName() {
        return "none";
    }
}
