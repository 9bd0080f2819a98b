package io.sparkllm.datasets.clean.gopher;

import io.sparkllm.datasets.clean.FilterResult;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * The Gopher quality rules (Rae et al. 2021, appendix A.1.1): cheap statistics that separate
 * running prose from boilerplate, lists, tables and code. Defaults are the paper's thresholds;
 * every one can be changed through {@link #builder()}.
 *
 * <p>{@link #apply} measures every rule, never stopping at the first failure, so that stats can
 * show each rule's own effect. The rules, in the order returned:
 * <ul>
 *   <li>{@code gopher_word_count_min}: words &ge; 50</li>
 *   <li>{@code gopher_word_count_max}: words &le; 100,000</li>
 *   <li>{@code gopher_mean_word_length_min}: mean word length &ge; 3 (0 for a document without words)</li>
 *   <li>{@code gopher_mean_word_length_max}: mean word length &le; 10</li>
 *   <li>{@code gopher_hash_word_ratio}: {@code #} characters per word &le; 0.1</li>
 *   <li>{@code gopher_ellipsis_word_ratio}: ellipses ({@code ...} counted without overlap, and
 *       {@code …}) per word &le; 0.1</li>
 *   <li>{@code gopher_bullet_lines_frac}: share of non-blank lines whose first non-space character
 *       is a bullet &le; 0.9</li>
 *   <li>{@code gopher_ellipsis_lines_frac}: share of non-blank lines ending in {@code ...} or
 *       {@code …} (trailing spaces ignored) &le; 0.3</li>
 *   <li>{@code gopher_alpha_words_frac}: share of words holding at least one letter &ge; 0.8</li>
 *   <li>{@code gopher_stop_words}: distinct stop words present (case-insensitive) &ge; 2, from
 *       {the, be, to, of, and, that, have, with}</li>
 * </ul>
 * Words are cut as {@link GopherText} describes; the symbol ratios divide by {@code max(1, words)}
 * so that an empty document reports its raw symbol count rather than infinity. Line fractions
 * leave blank lines out (a list spaced with blank lines is still all bullets); a document with no
 * non-blank line reports 0. Bullets are {@code • ‣ ◦ ⁃ ∙ · ● ○ ▪ ▫ ■ □ ► ▶ ➢ ➤ ✓ ✔ - *}.
 *
 * <p>Unlike datatrove's filter, the stop-word rule counts distinct words (the paper's "at least
 * two of the following words") and ignores case; symbol-only tokens are not words at all, rather
 * than words that count against the letter share.
 *
 * <p>One pass over the characters; nothing is allocated but the results and a bit set over the
 * stop words. Thread-safe.
 */
public final class GopherQualityFilter implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String WORD_COUNT_MIN = "gopher_word_count_min";
    public static final String WORD_COUNT_MAX = "gopher_word_count_max";
    public static final String MEAN_WORD_LENGTH_MIN = "gopher_mean_word_length_min";
    public static final String MEAN_WORD_LENGTH_MAX = "gopher_mean_word_length_max";
    public static final String HASH_WORD_RATIO = "gopher_hash_word_ratio";
    public static final String ELLIPSIS_WORD_RATIO = "gopher_ellipsis_word_ratio";
    public static final String BULLET_LINES_FRAC = "gopher_bullet_lines_frac";
    public static final String ELLIPSIS_LINES_FRAC = "gopher_ellipsis_lines_frac";
    public static final String ALPHA_WORDS_FRAC = "gopher_alpha_words_frac";
    public static final String STOP_WORDS = "gopher_stop_words";

    /** Rule names in the order {@link #apply} returns them. */
    public static final List<String> RULES = List.of(WORD_COUNT_MIN, WORD_COUNT_MAX, MEAN_WORD_LENGTH_MIN,
            MEAN_WORD_LENGTH_MAX, HASH_WORD_RATIO, ELLIPSIS_WORD_RATIO, BULLET_LINES_FRAC, ELLIPSIS_LINES_FRAC,
            ALPHA_WORDS_FRAC, STOP_WORDS);

    /** The paper's stop words. */
    public static final List<String> GOPHER_STOP_WORDS = List.of("the", "be", "to", "of", "and", "that", "have", "with");

    private static final String BULLETS = "•‣◦⁃∙·●○▪▫■□►▶➢➤✓✔-*";

    private final long minWords;
    private final long maxWords;
    private final double minMeanWordLength;
    private final double maxMeanWordLength;
    private final double maxHashWordRatio;
    private final double maxEllipsisWordRatio;
    private final double maxBulletLinesFrac;
    private final double maxEllipsisLinesFrac;
    private final double minAlphaWordsFrac;
    private final int minStopWords;
    private final String[] stopWords;
    private final int stopMinLength;
    private final int stopMaxLength;

    /** The paper's thresholds. */
    public GopherQualityFilter() {
        this(builder());
    }

    private GopherQualityFilter(Builder b) {
        this.minWords = b.minWords;
        this.maxWords = b.maxWords;
        this.minMeanWordLength = b.minMeanWordLength;
        this.maxMeanWordLength = b.maxMeanWordLength;
        this.maxHashWordRatio = b.maxHashWordRatio;
        this.maxEllipsisWordRatio = b.maxEllipsisWordRatio;
        this.maxBulletLinesFrac = b.maxBulletLinesFrac;
        this.maxEllipsisLinesFrac = b.maxEllipsisLinesFrac;
        this.minAlphaWordsFrac = b.minAlphaWordsFrac;
        this.minStopWords = b.minStopWords;
        this.stopWords = b.stopWords.stream().map(w -> w.toLowerCase(Locale.ROOT)).distinct().toArray(String[]::new);
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (String w : stopWords) {
            if (w.isEmpty()) {
                throw new IllegalArgumentException("empty stop word");
            }
            min = Math.min(min, w.length());
            max = Math.max(max, w.length());
        }
        this.stopMinLength = min;
        this.stopMaxLength = max;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<FilterResult> apply(String text) {
        final int n = text.length();
        long words = 0;
        long wordLengthSum = 0;
        long alphaWords = 0;
        long hashes = 0;
        long ellipses = 0;
        long lines = 0;
        long bulletLines = 0;
        long ellipsisLines = 0;
        long[] stopSeen = new long[(stopWords.length + 63) >>> 6];

        int dotRun = 0;
        int wordStart = -1;
        int lineFirst = -1;
        int lineLast = -1;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : '\n';
            boolean lineBreak = i == n || GopherText.breaksLineAt(text, i, c);
            boolean space = lineBreak || GopherText.isSpace(c);
            if (c == '.') {
                dotRun++;
            } else {
                if (dotRun >= 3) {
                    ellipses += dotRun / 3;
                }
                dotRun = 0;
                if (c == '#') {
                    hashes++;
                } else if (c == '\u2026') {
                    ellipses++;
                }
            }
            if (space) {
                if (wordStart >= 0) {
                    int from = GopherText.stripStart(text, wordStart, i);
                    int to = GopherText.stripEnd(text, from, i);
                    if (from < to) {
                        words++;
                        boolean alpha = false;
                        int length = 0;
                        for (int k = from; k < to; ) {
                            int cp = text.codePointAt(k);
                            alpha |= GopherText.isLetter(cp);
                            length++;
                            k += Character.charCount(cp);
                        }
                        wordLengthSum += length;
                        if (alpha) {
                            alphaWords++;
                        }
                        int units = to - from;
                        if (units >= stopMinLength && units <= stopMaxLength) {
                            markStopWord(text, from, units, stopSeen);
                        }
                    }
                    wordStart = -1;
                }
                if (lineBreak && lineFirst >= 0) {
                    lines++;
                    if (BULLETS.indexOf(text.charAt(lineFirst)) >= 0) {
                        bulletLines++;
                    }
                    char last = text.charAt(lineLast);
                    if (last == '\u2026' || (last == '.' && lineLast - 2 >= lineFirst
                            && text.charAt(lineLast - 1) == '.' && text.charAt(lineLast - 2) == '.')) {
                        ellipsisLines++;
                    }
                    lineFirst = -1;
                }
            } else {
                if (wordStart < 0) {
                    wordStart = i;
                }
                if (lineFirst < 0) {
                    lineFirst = i;
                }
                lineLast = i;
            }
        }

        int stopFound = 0;
        for (long bits : stopSeen) {
            stopFound += Long.bitCount(bits);
        }
        double perWord = Math.max(1, words);
        double meanLength = words == 0 ? 0 : (double) wordLengthSum / words;
        double bulletFrac = lines == 0 ? 0 : (double) bulletLines / lines;
        double ellipsisFrac = lines == 0 ? 0 : (double) ellipsisLines / lines;
        double alphaFrac = words == 0 ? 0 : (double) alphaWords / words;
        return List.of(
                FilterResult.atLeast(WORD_COUNT_MIN, words, minWords),
                FilterResult.atMost(WORD_COUNT_MAX, words, maxWords),
                FilterResult.atLeast(MEAN_WORD_LENGTH_MIN, meanLength, minMeanWordLength),
                FilterResult.atMost(MEAN_WORD_LENGTH_MAX, meanLength, maxMeanWordLength),
                FilterResult.atMost(HASH_WORD_RATIO, hashes / perWord, maxHashWordRatio),
                FilterResult.atMost(ELLIPSIS_WORD_RATIO, ellipses / perWord, maxEllipsisWordRatio),
                FilterResult.atMost(BULLET_LINES_FRAC, bulletFrac, maxBulletLinesFrac),
                FilterResult.atMost(ELLIPSIS_LINES_FRAC, ellipsisFrac, maxEllipsisLinesFrac),
                FilterResult.atLeast(ALPHA_WORDS_FRAC, alphaFrac, minAlphaWordsFrac),
                FilterResult.atLeast(STOP_WORDS, stopFound, minStopWords));
    }

    private void markStopWord(String text, int from, int units, long[] seen) {
        for (int k = 0; k < stopWords.length; k++) {
            String w = stopWords[k];
            if (w.length() == units && text.regionMatches(true, from, w, 0, units)) {
                seen[k >>> 6] |= 1L << (k & 63);
                return;
            }
        }
    }

    /** Thresholds, starting from the paper's. */
    public static final class Builder {
        private long minWords = 50;
        private long maxWords = 100_000;
        private double minMeanWordLength = 3;
        private double maxMeanWordLength = 10;
        private double maxHashWordRatio = 0.1;
        private double maxEllipsisWordRatio = 0.1;
        private double maxBulletLinesFrac = 0.9;
        private double maxEllipsisLinesFrac = 0.3;
        private double minAlphaWordsFrac = 0.8;
        private int minStopWords = 2;
        private List<String> stopWords = GOPHER_STOP_WORDS;

        private Builder() {
        }

        public Builder minWords(long v) {
            minWords = v;
            return this;
        }

        public Builder maxWords(long v) {
            maxWords = v;
            return this;
        }

        public Builder minMeanWordLength(double v) {
            minMeanWordLength = v;
            return this;
        }

        public Builder maxMeanWordLength(double v) {
            maxMeanWordLength = v;
            return this;
        }

        public Builder maxHashWordRatio(double v) {
            maxHashWordRatio = v;
            return this;
        }

        public Builder maxEllipsisWordRatio(double v) {
            maxEllipsisWordRatio = v;
            return this;
        }

        public Builder maxBulletLinesFrac(double v) {
            maxBulletLinesFrac = v;
            return this;
        }

        public Builder maxEllipsisLinesFrac(double v) {
            maxEllipsisLinesFrac = v;
            return this;
        }

        public Builder minAlphaWordsFrac(double v) {
            minAlphaWordsFrac = v;
            return this;
        }

        public Builder minStopWords(int v) {
            minStopWords = v;
            return this;
        }

        /** Replaces the stop-word list (matched case-insensitively; meant for short lists). */
        public Builder stopWords(List<String> v) {
            stopWords = List.copyOf(v);
            return this;
        }

        public GopherQualityFilter build() {
            return new GopherQualityFilter(this);
        }
    }
}
