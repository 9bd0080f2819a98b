package io.sparkllm.jobs.eval.bleu;

/**
 * sacreBLEU's Chinese tokenizer: every character in its CJK ranges becomes a token of its own, then the
 * rest is split with mteval's punctuation rules (without 13a's entity handling or padding).
 */
public final class TokenizerZh implements BleuTokenizer {
    private static final long serialVersionUID = 1L;

    /**
     * Inclusive ranges, as sacreBLEU's table lists them, with two exceptions. sacreBLEU writes CJK Extension B
     * and the Compatibility Supplement as the Python strings '\u20000'..'\u2a6d6' and '\u2f800'..'\u2fa1d',
     * which are two characters each ("\u2000" + "0"); compared with a single character they select
     * U+2001..U+2A6D (general punctuation, currency, arrows, maths...) and U+2F81..U+2FA1 instead, and never a
     * supplementary character. Those are the ranges its scores come from, so they are the ones used here.
     */
    private static final int[][] CJK_RANGES = {
            {0x3400, 0x4db5}, {0x4e00, 0x9fa5}, {0x9fa6, 0x9fbb}, {0xf900, 0xfa2d}, {0xfa30, 0xfa6a},
            {0xfa70, 0xfad9}, {0x2001, 0x2a6d}, {0x2f81, 0x2fa1}, {0xff00, 0xffef}, {0x2e80, 0x2eff},
            {0x3000, 0x303f}, {0x31c0, 0x31ef}, {0x2f00, 0x2fdf}, {0x2ff0, 0x2fff}, {0x3100, 0x312f},
            {0x31a0, 0x31bf}, {0xfe10, 0xfe1f}, {0xfe30, 0xfe4f}, {0x2600, 0x26ff}, {0x2700, 0x27bf},
            {0x3200, 0x32ff}, {0x3300, 0x33ff},
    };

    static boolean isChineseCharacter(int codePoint) {
        for (int[] range : CJK_RANGES) {
            if (codePoint >= range[0] && codePoint <= range[1]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String tokenize(String segment) {
        String line = PythonText.strip(segment);
        StringBuilder spaced = new StringBuilder(line.length() * 2);
        line.codePoints().forEach(cp -> {
            if (isChineseCharacter(cp)) {
                spaced.append(' ').appendCodePoint(cp).append(' ');
            } else {
                spaced.appendCodePoint(cp);
            }
        });
        return MtevalSplitter.split(spaced.toString());
    }

    @Override
    public String signatureName() {
        return "zh";
    }
}
