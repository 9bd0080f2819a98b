package io.sparkllm.jobs.eval.bleu;

/**
 * mteval-v13a, WMT's standard tokenizer and sacreBLEU's default: drops {@code <skipped>} markers, joins
 * words hyphenated across a line break, unescapes the four XML entities mteval knows, then splits
 * punctuation with {@link MtevalSplitter}. The segment is padded with a space on each side first, so a
 * final period after a number ("in 1999.") is split off too.
 */
public final class Tokenizer13a implements BleuTokenizer {
    private static final long serialVersionUID = 1L;

    @Override
    public String tokenize(String segment) {
        String line = segment.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
        if (line.indexOf('&') >= 0) {
            // In this order: "&amp;quot;" becomes "&quot;", not a quote.
            line = line.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        }
        return MtevalSplitter.split(" " + line + " ");
    }

    @Override
    public String signatureName() {
        return "13a";
    }
}
