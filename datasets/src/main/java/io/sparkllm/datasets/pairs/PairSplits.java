package io.sparkllm.datasets.pairs;

import io.sparkllm.datasets.text.Hash64;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which split a pair belongs to: the one its file name gives (Multi30K's {@code train},
 * {@code val}, {@code test_2016_flickr}; WMT's {@code newstest2014}), or a deterministic hash of
 * the pair's text against configured fractions, so copies of a pair always share a split.
 */
public final class PairSplits implements Serializable {
    public static final String TRAIN = "train";
    public static final String VALID = "valid";
    public static final String TEST = "test";
    /** Evaluation splits first: the duplicate rule keeps the first copy, so a pair in train and test stays in test. */
    public static final List<String> ORDER = List.of(TEST, VALID, TRAIN);

    private static final Pattern TRAIN_WORD = Pattern.compile("train|training");
    private static final Pattern VALID_WORD = Pattern.compile("val|valid|validation|dev|development|newsdev|tune");
    private static final Pattern TEST_WORD = Pattern.compile("test|tst|newstest|devtest");

    private final double trainFraction;
    private final double validFraction;
    private final long seed;

    /** @param testFraction only checked: the three fractions must add up to 1 */
    public PairSplits(double trainFraction, double validFraction, double testFraction, long seed) {
        if (trainFraction < 0 || validFraction < 0 || testFraction < 0
                || Math.abs(trainFraction + validFraction + testFraction - 1) > 1e-9) {
            throw new IllegalArgumentException("split.fractions must be non-negative and add up to 1, got train "
                    + trainFraction + ", valid " + validFraction + ", test " + testFraction);
        }
        this.trainFraction = trainFraction;
        this.validFraction = validFraction;
        this.seed = seed;
    }

    /**
     * The split a file's name gives: its first word (letters only, lower case) that names one, e.g.
     * {@code test_2016_flickr.de.gz} is test and {@code val.en} valid; empty when no word does.
     */
    public static Optional<String> fromFileName(String fileName) {
        for (String word : fileName.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (TRAIN_WORD.matcher(word).matches()) {
                return Optional.of(TRAIN);
            }
            if (VALID_WORD.matcher(word).matches()) {
                return Optional.of(VALID);
            }
            if (TEST_WORD.matcher(word).matches()) {
                return Optional.of(TEST);
            }
        }
        return Optional.empty();
    }

    /** The hash split of a normalised pair: uniform in [0, 1) from the seed and both sides. */
    public String byHash(String src, String tgt) {
        double u = (Hash64.of(seed + "\u0000" + src + "\u0000" + tgt) >>> 11) * 0x1.0p-53;
        if (u < trainFraction) {
            return TRAIN;
        }
        return u < trainFraction + validFraction ? VALID : TEST;
    }

    /** 0 for test, 1 valid, 2 train, 3 none (a quarantined line of a hash split): the order copies are ranked in. */
    public static int rank(String split) {
        int i = split == null ? -1 : ORDER.indexOf(split);
        return i < 0 ? ORDER.size() : i;
    }
}
