package io.sparkllm.datasets.pairs;

import java.io.Serializable;
import java.util.Set;

/**
 * The pair rules' settings. A rule missing from {@code enabled} is not run at all, so it shows in
 * neither the results nor the stats.
 *
 * @param maxTokens         {@code too_long}: most tokens on either side (Moses clean-corpus-n: 80)
 * @param maxRatio          {@code length_ratio}: most tokens of the longer side per token of the shorter (Moses: 9)
 * @param identicalIgnoreCase {@code identical_sides}: compare the sides ignoring case
 * @param langMinConfidence {@code wrong_language_src/tgt}: the identifier's least probability for another language
 * @param langMinChars      {@code wrong_language_src/tgt}: shorter sides are not judged (the identifier guesses on short text)
 * @param langMaxChars      characters the identifier reads
 */
public record PairRuleSettings(Set<String> enabled, int maxTokens, double maxRatio, boolean identicalIgnoreCase,
                               double langMinConfidence, int langMinChars, int langMaxChars) implements Serializable {
    public static final String EMPTY_SIDE = "empty_side";
    public static final String TOO_LONG = "too_long";
    public static final String LENGTH_RATIO = "length_ratio";
    public static final String IDENTICAL_SIDES = "identical_sides";
    public static final String WRONG_LANGUAGE_SRC = "wrong_language_src";
    public static final String WRONG_LANGUAGE_TGT = "wrong_language_tgt";
    public static final String CONTROL_CHARACTERS = "control_characters";
    public static final String DUPLICATE = "duplicate";

    public PairRuleSettings {
        enabled = Set.copyOf(enabled);
        if (maxTokens < 1) {
            throw new IllegalArgumentException("rules.too-long.max-tokens must be at least 1, got " + maxTokens);
        }
        if (maxRatio < 1) {
            throw new IllegalArgumentException("rules.length-ratio.max-ratio must be at least 1, got " + maxRatio);
        }
        if (langMinConfidence < 0 || langMinConfidence > 1) {
            throw new IllegalArgumentException("rules.wrong-language.min-confidence must be in [0, 1], got "
                    + langMinConfidence);
        }
    }

    public boolean runs(String rule) {
        return enabled.contains(rule);
    }
}
