package io.sparkllm.datasets.clean.gopher;

import io.sparkllm.datasets.clean.FilterResult;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Gopher repetition rules (Rae et al. 2021, appendix A.1.1, table A1): documents that repeat
 * lines, paragraphs or word n-grams are mostly boilerplate or spam, and repeated text makes models
 * memorise. Defaults are the paper's; every threshold can be changed through {@link #builder()}.
 *
 * <p>{@link #apply} measures every rule, never stopping at the first failure. The rules, in the
 * order returned:
 * <ul>
 *   <li>{@code gopher_dup_line_frac} &le; 0.30 and {@code gopher_dup_para_frac} &le; 0.30: the share
 *       of lines (paragraphs) equal to an earlier line (paragraph) of the document;</li>
 *   <li>{@code gopher_dup_line_char_frac} &le; 0.20 and {@code gopher_dup_para_char_frac} &le; 0.20:
 *       the characters of those duplicates over the characters of all lines (paragraphs);</li>
 *   <li>{@code gopher_top_<n>gram_char_frac} for n = 2, 3, 4 &le; 0.20, 0.18, 0.16: the word
 *       characters covered by the occurrences of the most frequent word n-gram, over all word
 *       characters; 0 when no n-gram occurs twice. Ties go to the n-gram with more characters,
 *       then to the earlier one;</li>
 *   <li>{@code gopher_dup_<n>gram_char_frac} for n = 5..10 &le; 0.15, 0.14, 0.13, 0.12, 0.11, 0.10:
 *       the word characters covered by any occurrence of an n-gram that occurs more than once,
 *       over all word characters.</li>
 * </ul>
 * Both n-gram measures count each word's characters once however many covering occurrences
 * overlap, so they stay within [0, 1]. (datatrove instead multiplies the top n-gram's length by
 * its count, and for duplicates counts only the repeats, skipping ahead; both divide by the whole
 * text's length rather than by word characters.)
 *
 * <p>Lines are split as {@link GopherText} describes and compared with surrounding whitespace
 * trimmed; blank lines are not lines. A paragraph is a run of non-blank lines between blank
 * lines, compared and measured as the text from its first to its last non-space character
 * (inner line breaks and indentation included). Words are {@link GopherText}'s, compared
 * case-sensitively; characters are Unicode code points, a {@code \r\n} counting as one.
 *
 * <p>Cost: one pass over the characters, then O(words) per n-gram size with an open-addressing
 * table over word ids; working arrays are kept per thread and reused across documents.
 * Thread-safe.
 */
public final class GopherRepetitionFilter implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String DUP_LINE_FRAC = "gopher_dup_line_frac";
    public static final String DUP_PARA_FRAC = "gopher_dup_para_frac";
    public static final String DUP_LINE_CHAR_FRAC = "gopher_dup_line_char_frac";
    public static final String DUP_PARA_CHAR_FRAC = "gopher_dup_para_char_frac";

    /**
     * Working arrays longer than this (about 130k words, some 8 MB in all) are dropped after the
     * document rather than kept by the thread, so one huge page does not pin memory per core.
     */
    private static final int RETAIN_LIMIT = 1 << 17;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    public static String topNgramRule(int n) {
        return "gopher_top_" + n + "gram_char_frac";
    }

    public static String dupNgramRule(int n) {
        return "gopher_dup_" + n + "gram_char_frac";
    }

    private final double maxDupLineFrac;
    private final double maxDupParaFrac;
    private final double maxDupLineCharFrac;
    private final double maxDupParaCharFrac;
    private final int[] topN;
    private final double[] topMax;
    private final String[] topRule;
    private final int[] dupN;
    private final double[] dupMax;
    private final String[] dupRule;
    private final int maxN;

    /** The paper's thresholds. */
    public GopherRepetitionFilter() {
        this(builder());
    }

    private GopherRepetitionFilter(Builder b) {
        maxDupLineFrac = b.maxDupLineFrac;
        maxDupParaFrac = b.maxDupParaFrac;
        maxDupLineCharFrac = b.maxDupLineCharFrac;
        maxDupParaCharFrac = b.maxDupParaCharFrac;
        topN = b.topNgrams.keySet().stream().mapToInt(Integer::intValue).toArray();
        topMax = b.topNgrams.values().stream().mapToDouble(Double::doubleValue).toArray();
        topRule = Arrays.stream(topN).mapToObj(GopherRepetitionFilter::topNgramRule).toArray(String[]::new);
        dupN = b.dupNgrams.keySet().stream().mapToInt(Integer::intValue).toArray();
        dupMax = b.dupNgrams.values().stream().mapToDouble(Double::doubleValue).toArray();
        dupRule = Arrays.stream(dupN).mapToObj(GopherRepetitionFilter::dupNgramRule).toArray(String[]::new);
        int max = 0;
        for (int n : topN) {
            max = Math.max(max, n);
        }
        for (int n : dupN) {
            max = Math.max(max, n);
        }
        maxN = max;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Rule names in the order {@link #apply} returns them. */
    public List<String> rules() {
        List<String> rules = new ArrayList<>(List.of(DUP_LINE_FRAC, DUP_PARA_FRAC, DUP_LINE_CHAR_FRAC, DUP_PARA_CHAR_FRAC));
        rules.addAll(List.of(topRule));
        rules.addAll(List.of(dupRule));
        return rules;
    }

    public List<FilterResult> apply(String text) {
        Scratch s = SCRATCH.get();
        try {
            return measure(text, s);
        } finally {
            if (s.retained() > RETAIN_LIMIT) {
                SCRATCH.remove();
            }
        }
    }

    private List<FilterResult> measure(String text, Scratch s) {
        scan(text, s);
        List<FilterResult> out = new ArrayList<>(4 + topN.length + dupN.length);

        duplicates(text, s.lines, s);
        double lineFrac = ratio(s.dupCount, s.lines.size);
        double lineCharFrac = ratio(s.dupChars, s.totalChars);
        duplicates(text, s.paras, s);
        double paraFrac = ratio(s.dupCount, s.paras.size);
        double paraCharFrac = ratio(s.dupChars, s.totalChars);
        out.add(FilterResult.atMost(DUP_LINE_FRAC, lineFrac, maxDupLineFrac));
        out.add(FilterResult.atMost(DUP_PARA_FRAC, paraFrac, maxDupParaFrac));
        out.add(FilterResult.atMost(DUP_LINE_CHAR_FRAC, lineCharFrac, maxDupLineCharFrac));
        out.add(FilterResult.atMost(DUP_PARA_CHAR_FRAC, paraCharFrac, maxDupParaCharFrac));

        double[] top = new double[topN.length];
        double[] dup = new double[dupN.length];
        ngrams(text, s, top, dup);
        for (int k = 0; k < topN.length; k++) {
            out.add(FilterResult.atMost(topRule[k], top[k], topMax[k]));
        }
        for (int k = 0; k < dupN.length; k++) {
            out.add(FilterResult.atMost(dupRule[k], dup[k], dupMax[k]));
        }
        return out;
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    /** Lines, paragraphs and words of {@code text}, with their hashes, in one pass. */
    private static void scan(String text, Scratch s) {
        s.words.size = 0;
        s.lines.size = 0;
        s.paras.size = 0;
        final int n = text.length();
        int cp = 0;
        int wordStart = -1;
        int lineStart = -1;
        int lineEnd = 0;
        int lineCpStart = 0;
        int lineCpEnd = 0;
        long lineHash = 0;
        long lineHashAtEnd = 0;
        int paraStart = -1;
        int paraEnd = 0;
        int paraCpStart = 0;
        int paraCpEnd = 0;
        long paraHash = 0;
        long paraHashAtEnd = 0;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : '\n';
            boolean lineBreak = i == n || GopherText.breaksLineAt(text, i, c);
            if (!Character.isLowSurrogate(c) && !(c == '\r' && !lineBreak)) {
                cp++; // code points in text[0, i], a \r\n counting as one
            }
            boolean space = lineBreak || GopherText.isSpace(c);
            if (space) {
                if (wordStart >= 0) {
                    addWord(text, wordStart, i, s.words);
                    wordStart = -1;
                }
            } else if (wordStart < 0) {
                wordStart = i;
            }
            if (lineBreak) {
                if (lineStart >= 0) {
                    s.lines.add(lineStart, lineEnd, lineCpEnd - lineCpStart, lineHashAtEnd);
                    lineStart = -1;
                } else if (paraStart >= 0) { // a blank line closes the paragraph
                    s.paras.add(paraStart, paraEnd, paraCpEnd - paraCpStart, paraHashAtEnd);
                    paraStart = -1;
                }
                if (paraStart >= 0) {
                    paraHash = GopherText.hashStep(paraHash, c);
                }
                continue;
            }
            if (!space) {
                if (lineStart < 0) {
                    lineStart = i;
                    lineCpStart = cp - 1;
                    lineHash = GopherText.HASH_SEED;
                }
                if (paraStart < 0) {
                    paraStart = i;
                    paraCpStart = cp - 1;
                    paraHash = GopherText.HASH_SEED;
                }
            }
            if (lineStart >= 0) {
                lineHash = GopherText.hashStep(lineHash, c);
                if (!space) {
                    lineEnd = i + 1;
                    lineCpEnd = cp;
                    lineHashAtEnd = lineHash;
                }
            }
            if (paraStart >= 0) {
                paraHash = GopherText.hashStep(paraHash, c);
                if (!space) {
                    paraEnd = i + 1;
                    paraCpEnd = cp;
                    paraHashAtEnd = paraHash;
                }
            }
        }
        if (paraStart >= 0) {
            s.paras.add(paraStart, paraEnd, paraCpEnd - paraCpStart, paraHashAtEnd);
        }
    }

    private static void addWord(String text, int from, int to, Spans words) {
        from = GopherText.stripStart(text, from, to);
        to = GopherText.stripEnd(text, from, to);
        if (from >= to) {
            return;
        }
        long h = GopherText.HASH_SEED;
        int length = 0;
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            h = GopherText.hashStep(h, c);
            if (!Character.isLowSurrogate(c)) {
                length++;
            }
        }
        words.add(from, to, length, h);
    }

    /** Counts the spans equal to an earlier span, and their characters, into the scratch. */
    private static void duplicates(String text, Spans spans, Scratch s) {
        long count = 0;
        long chars = 0;
        long total = 0;
        s.table.reset(spans.size);
        for (int i = 0; i < spans.size; i++) {
            total += spans.length[i];
            if (s.table.firstSpan(spans.hash[i], text, spans.start, spans.end, i) != i) {
                count++;
                chars += spans.length[i];
            }
        }
        s.dupCount = count;
        s.dupChars = chars;
        s.totalChars = total;
    }

    private void ngrams(String text, Scratch s, double[] top, double[] dup) {
        final int m = s.words.size;
        if (maxN == 0 || m < 2) {
            return; // nothing can repeat: all values stay 0
        }
        s.ensureWordArrays(m);
        int[] ids = s.ids;
        int[] prefix = s.prefix;
        long[] gramHash = s.gramHash;
        int[] group = s.group;
        int[] count = s.count;

        // Word ids: the index of each word's first occurrence, so equal words have equal ids.
        s.table.reset(m);
        prefix[0] = 0;
        for (int i = 0; i < m; i++) {
            ids[i] = s.table.firstSpan(s.words.hash[i], text, s.words.start, s.words.end, i);
            prefix[i + 1] = prefix[i] + s.words.length[i];
            gramHash[i] = (GopherText.HASH_SEED ^ ids[i]) * 0x9E3779B97F4A7C15L;
        }
        final int totalChars = prefix[m];
        if (totalChars == 0) {
            return;
        }

        for (int n = 1; n <= maxN && n <= m - 1; n++) {
            final int grams = m - n + 1;
            if (n > 1) {
                for (int i = 0; i < grams; i++) {
                    gramHash[i] = (gramHash[i] ^ ids[i + n - 1]) * 0x9E3779B97F4A7C15L + n;
                }
            }
            int topAt = indexOf(topN, n);
            int dupAt = indexOf(dupN, n);
            if (topAt < 0 && dupAt < 0) {
                continue;
            }
            s.table.reset(grams);
            Arrays.fill(count, 0, grams, 0);
            for (int i = 0; i < grams; i++) {
                int g = s.table.firstRun(gramHash[i], ids, n, i);
                group[i] = g;
                count[g]++;
            }
            if (dupAt >= 0) {
                long covered = 0;
                int coveredEnd = 0;
                for (int i = 0; i < grams; i++) {
                    if (count[group[i]] > 1) {
                        int from = Math.max(i, coveredEnd);
                        covered += prefix[i + n] - prefix[from];
                        coveredEnd = i + n;
                    }
                }
                dup[dupAt] = (double) covered / totalChars;
            }
            if (topAt >= 0) {
                int best = -1;
                int bestCount = 1;
                int bestChars = 0;
                for (int i = 0; i < grams; i++) {
                    if (group[i] != i) {
                        continue;
                    }
                    int c = count[i];
                    int chars = prefix[i + n] - prefix[i];
                    if (c > bestCount || (c == bestCount && best >= 0 && chars > bestChars)) {
                        best = i;
                        bestCount = c;
                        bestChars = chars;
                    }
                }
                if (best >= 0) {
                    long covered = 0;
                    int coveredEnd = 0;
                    for (int i = best; i < grams; i++) {
                        if (group[i] == best) {
                            int from = Math.max(i, coveredEnd);
                            covered += prefix[i + n] - prefix[from];
                            coveredEnd = i + n;
                        }
                    }
                    top[topAt] = (double) covered / totalChars;
                }
            }
        }
    }

    private static int indexOf(int[] values, int n) {
        for (int k = 0; k < values.length; k++) {
            if (values[k] == n) {
                return k;
            }
        }
        return -1;
    }

    /** Start, end, length in code points and hash of each element of one kind. */
    private static final class Spans {
        int[] start = new int[64];
        int[] end = new int[64];
        int[] length = new int[64];
        long[] hash = new long[64];
        int size;

        void add(int s, int e, int len, long h) {
            if (size == start.length) {
                int capacity = size * 2;
                start = Arrays.copyOf(start, capacity);
                end = Arrays.copyOf(end, capacity);
                length = Arrays.copyOf(length, capacity);
                hash = Arrays.copyOf(hash, capacity);
            }
            start[size] = s;
            end[size] = e;
            length[size] = len;
            hash[size] = h;
            size++;
        }
    }

    /** Per-thread working memory, reused so that a document costs no large allocations. */
    private static final class Scratch {
        final Spans words = new Spans();
        final Spans lines = new Spans();
        final Spans paras = new Spans();
        final FirstOccurrenceTable table = new FirstOccurrenceTable();
        int[] ids = new int[0];
        int[] prefix = new int[1];
        long[] gramHash = new long[0];
        int[] group = new int[0];
        int[] count = new int[0];
        long dupCount;
        long dupChars;
        long totalChars;

        void ensureWordArrays(int m) {
            if (ids.length < m) {
                int capacity = Math.max(m, ids.length * 2);
                ids = new int[capacity];
                prefix = new int[capacity + 1];
                gramHash = new long[capacity];
                group = new int[capacity];
                count = new int[capacity];
            }
        }

        int retained() {
            return Math.max(Math.max(words.start.length, lines.start.length),
                    Math.max(Math.max(paras.start.length, ids.length), table.capacity()));
        }
    }

    /** Thresholds, starting from the paper's. */
    public static final class Builder {
        private double maxDupLineFrac = 0.30;
        private double maxDupParaFrac = 0.30;
        private double maxDupLineCharFrac = 0.20;
        private double maxDupParaCharFrac = 0.20;
        private final TreeMap<Integer, Double> topNgrams = new TreeMap<>(Map.of(2, 0.20, 3, 0.18, 4, 0.16));
        private final TreeMap<Integer, Double> dupNgrams = new TreeMap<>(
                Map.of(5, 0.15, 6, 0.14, 7, 0.13, 8, 0.12, 9, 0.11, 10, 0.10));

        private Builder() {
        }

        public Builder maxDupLineFrac(double v) {
            maxDupLineFrac = v;
            return this;
        }

        public Builder maxDupParaFrac(double v) {
            maxDupParaFrac = v;
            return this;
        }

        public Builder maxDupLineCharFrac(double v) {
            maxDupLineCharFrac = v;
            return this;
        }

        public Builder maxDupParaCharFrac(double v) {
            maxDupParaCharFrac = v;
            return this;
        }

        /** Sets (or adds) the top n-gram rule for {@code n}. */
        public Builder topNgram(int n, double maxCharFrac) {
            topNgrams.put(checkN(n), maxCharFrac);
            return this;
        }

        /** Sets (or adds) the duplicate n-gram rule for {@code n}. */
        public Builder dupNgram(int n, double maxCharFrac) {
            dupNgrams.put(checkN(n), maxCharFrac);
            return this;
        }

        /** Replaces all top n-gram rules; an empty map switches them off. */
        public Builder topNgrams(Map<Integer, Double> maxCharFracByN) {
            topNgrams.clear();
            maxCharFracByN.forEach(this::topNgram);
            return this;
        }

        /** Replaces all duplicate n-gram rules; an empty map switches them off. */
        public Builder dupNgrams(Map<Integer, Double> maxCharFracByN) {
            dupNgrams.clear();
            maxCharFracByN.forEach(this::dupNgram);
            return this;
        }

        private static int checkN(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("n-gram size must be at least 1: " + n);
            }
            return n;
        }

        public GopherRepetitionFilter build() {
            return new GopherRepetitionFilter(this);
        }
    }
}
