package io.sparkllm.jobs.eval.bleu;

import java.util.stream.Collectors;

/** Every character is a token (sacreBLEU's {@code char}): whitespace characters then vanish when BLEU splits. */
public final class TokenizerChar implements BleuTokenizer {
    private static final long serialVersionUID = 1L;

    @Override
    public String tokenize(String segment) {
        return segment.codePoints().mapToObj(Character::toString).collect(Collectors.joining(" "));
    }

    @Override
    public String signatureName() {
        return "char";
    }
}
