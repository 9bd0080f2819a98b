package io.sparkllm.jobs.eval.bleu;

import java.io.Serializable;
import java.util.List;

/** Splits one segment into space-separated tokens before BLEU counts n-grams, as sacreBLEU's tokenizers do. */
public interface BleuTokenizer extends Serializable {
    /** The names {@link #named} knows, sacreBLEU's {@code --tokenize} values. */
    List<String> NAMES = List.of("13a", "intl", "zh", "char", "none");

    String tokenize(String segment);

    /** The {@code tok:} value of the signature. */
    String signatureName();

    static BleuTokenizer named(String name) {
        switch (name) {
            case "13a":
                return new Tokenizer13a();
            case "intl":
                return new TokenizerIntl();
            case "zh":
                return new TokenizerZh();
            case "char":
                return new TokenizerChar();
            case "none":
                return new TokenizerNone();
            default:
                throw new IllegalArgumentException("unknown BLEU tokenizer '" + name + "' (known: "
                        + String.join(", ", NAMES) + ")");
        }
    }
}
