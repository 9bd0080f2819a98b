package io.sparkllm.datasets.clean.c4;

import io.sparkllm.datasets.clean.FilterResult;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The C4 cleaning rules (Raffel et al. 2020, section 2.2): web text is cut into lines, lines that
 * are navigation, cookie banners or script notices are dropped, and pages that still look like
 * placeholder text or code are discarded. Defaults follow the paper (3 words per line, 5
 * sentences per page, as datatrove's {@code C4QualityFilter} also uses; TFDS's {@code c4_utils}
 * code ships 5 words and 3 sentences instead); each rule can be switched off and each threshold
 * changed through {@link #builder()}.
 *
 * <p>Each non-blank line, trimmed, goes through these steps in C4's order; a removed line is
 * counted under the first rule it fails:
 * <ol>
 *   <li>{@code c4_long_word}: a whitespace-separated token longer than 1000 code points;</li>
 *   <li>citation markers {@code [<digits>]}, {@code [edit]} and {@code [citation needed]} are cut
 *       out and the line is trimmed again (C4 does not re-trim, so "Text. [1]" failed the next
 *       rule there; it passes here);</li>
 *   <li>{@code c4_no_terminal_punct}: the line must end in {@code . ! ? " '} or a closing quote
 *       ({@code ” ’ » › 」 』}), and not in {@code ...};</li>
 *   <li>{@code c4_too_few_words}: fewer than 3 whitespace-separated tokens;</li>
 *   <li>"lorem ipsum" (any case) marks the document for {@code c4_lorem_ipsum};</li>
 *   <li>{@code c4_javascript}: the line contains "javascript" (any case);</li>
 *   <li>a {@code &#123;} marks the document for {@code c4_curly_bracket};</li>
 *   <li>{@code c4_policy}: the line contains "terms of use", "privacy policy", "cookie policy",
 *       "uses cookies", "use of cookies" or "use cookies" (any case).</li>
 * </ol>
 * As in C4's code, "lorem ipsum" and the curly bracket count only in lines that reached that
 * step (a bracket in a line dropped for lacking final punctuation does not discard the page);
 * {@link Builder#wholeDocumentChecks} looks for them in the whole raw text instead, as the
 * paper's wording reads. Document rules, all evaluated when enabled:
 * {@code c4_lorem_ipsum} (value: lines, or whole-text occurrences, with the phrase; at most 0),
 * {@code c4_curly_bracket} (lines, or {@code &#123;} characters; at most 0),
 * {@code c4_min_sentences} (sentences in kept lines; at least 5) and
 * {@code c4_empty_after_lines} (kept lines; at least 1).
 *
 * <p>Sentences are counted without a tokenizer model (C4 used NLTK punkt): a sentence ends at a
 * run of {@code . ! ? …}, optionally followed by closing quotes or brackets, that is followed by
 * whitespace or the end of the line, provided a letter or digit came since the previous end; text
 * after the last end that holds a letter or digit is one more sentence. So "3.5" does not end a
 * sentence but "Mr. Smith" does: the count runs slightly above punkt's, never below it on a line
 * that ends in a period.
 *
 * <p>Lines end at {@code \n}, {@code \r\n}, {@code \r} and the other separators Python's
 * {@code splitlines} knows; blank lines are dropped without being counted. One pass over each
 * line's characters (a second only where a citation was cut). Thread-safe.
 */
public final class C4LineFilter implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String LONG_WORD = "c4_long_word";
    public static final String NO_TERMINAL_PUNCT = "c4_no_terminal_punct";
    public static final String TOO_FEW_WORDS = "c4_too_few_words";
    public static final String JAVASCRIPT = "c4_javascript";
    public static final String POLICY = "c4_policy";
    public static final String LOREM_IPSUM = "c4_lorem_ipsum";
    public static final String CURLY_BRACKET = "c4_curly_bracket";
    public static final String MIN_SENTENCES = "c4_min_sentences";
    public static final String EMPTY_AFTER_LINES = "c4_empty_after_lines";

    /** Line rules in the order they run (and the order of {@link C4Result#removedLines()}). */
    public static final List<String> LINE_RULES = List.of(LONG_WORD, NO_TERMINAL_PUNCT, TOO_FEW_WORDS, JAVASCRIPT, POLICY);
    /** Document rules in the order {@link C4Result#documentResults()} lists them. */
    public static final List<String> DOCUMENT_RULES = List.of(LOREM_IPSUM, CURLY_BRACKET, MIN_SENTENCES, EMPTY_AFTER_LINES);

    private static final String TERMINAL_MARKS = ".!?\"'\u201D\u2019\u00BB\u203A\u300D\u300F";
    private static final String CLOSERS = "\"')]\u201D\u2019\u00BB\u203A\u300D\u300F";
    private static final int HAS_LOREM = 1;
    private static final int HAS_JAVASCRIPT = 2;
    private static final int HAS_CURLY = 4;
    private static final int HAS_POLICY = 8;

    private final boolean longWordOn;
    private final int maxWordLength;
    private final boolean citationsOn;
    private final boolean terminalOn;
    private final boolean fewWordsOn;
    private final int minWordsPerLine;
    private final boolean loremOn;
    private final boolean javascriptOn;
    private final boolean curlyOn;
    private final boolean policyOn;
    private final boolean minSentencesOn;
    private final int minSentences;
    private final boolean emptyOn;
    private final boolean wholeDocumentChecks;

    /** C4's rules with the paper's thresholds. */
    public C4LineFilter() {
        this(builder());
    }

    private C4LineFilter(Builder b) {
        longWordOn = b.longWord;
        maxWordLength = b.maxWordLength;
        citationsOn = b.citations;
        terminalOn = b.terminalPunct;
        fewWordsOn = b.tooFewWords;
        minWordsPerLine = b.minWordsPerLine;
        loremOn = b.loremIpsum;
        javascriptOn = b.javascript;
        curlyOn = b.curlyBracket;
        policyOn = b.policy;
        minSentencesOn = b.minSentences;
        minSentences = b.minSentenceCount;
        emptyOn = b.emptyAfterLines;
        wholeDocumentChecks = b.wholeDocumentChecks;
    }

    public static Builder builder() {
        return new Builder();
    }

    public C4Result apply(String text) {
        final int n = text.length();
        Tally t = new Tally(n);
        int lineStart = 0;
        for (int i = 0; i <= n; i++) {
            if (i < n && !isLineBreak(text.charAt(i))) {
                continue;
            }
            line(text, lineStart, i, t);
            if (i < n && text.charAt(i) == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                i++;
            }
            lineStart = i + 1;
        }

        Map<String, Integer> removed = new LinkedHashMap<>();
        removed.put(LONG_WORD, t.longWord);
        removed.put(NO_TERMINAL_PUNCT, t.noTerminal);
        removed.put(TOO_FEW_WORDS, t.fewWords);
        removed.put(JAVASCRIPT, t.javascript);
        removed.put(POLICY, t.policy);

        List<FilterResult> doc = new ArrayList<>(4);
        if (loremOn) {
            long lorem = wholeDocumentChecks ? countIgnoreCase(text, "lorem ipsum") : t.loremLines;
            doc.add(FilterResult.atMost(LOREM_IPSUM, lorem, 0));
        }
        if (curlyOn) {
            long curly = wholeDocumentChecks ? text.chars().filter(c -> c == '{').count() : t.curlyLines;
            doc.add(FilterResult.atMost(CURLY_BRACKET, curly, 0));
        }
        if (minSentencesOn) {
            doc.add(FilterResult.atLeast(MIN_SENTENCES, t.sentences, minSentences));
        }
        if (emptyOn) {
            doc.add(FilterResult.atLeast(EMPTY_AFTER_LINES, t.kept, 1));
        }
        return new C4Result(t.out.toString(), removed, t.citations, doc, t.inputLines, t.kept);
    }

    private void line(String text, int from, int to, Tally t) {
        while (from < to && isSpace(text.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(text.charAt(to - 1))) {
            to--;
        }
        if (from == to) {
            return;
        }
        t.inputLines++;
        measure(text, from, to, t);
        if (longWordOn && t.longestToken > maxWordLength) {
            t.longWord++;
            return;
        }
        String src = text;
        int cites = 0;
        if (citationsOn && t.bracket) {
            String cleaned = removeCitations(text, from, to, t);
            if (cleaned != null) {
                cites = t.lineCitations;
                src = cleaned;
                from = 0;
                to = cleaned.length();
                measure(src, from, to, t);
            }
        }
        if (terminalOn && !endsWithTerminalMark(src, from, to)) {
            t.noTerminal++;
            return;
        }
        if (fewWordsOn && t.words < minWordsPerLine) {
            t.fewWords++;
            return;
        }
        boolean lineChecks = !wholeDocumentChecks;
        if (loremOn && lineChecks && (t.flags & HAS_LOREM) != 0) {
            t.loremLines++;
        }
        if (javascriptOn && (t.flags & HAS_JAVASCRIPT) != 0) {
            t.javascript++;
            return;
        }
        if (curlyOn && lineChecks && (t.flags & HAS_CURLY) != 0) {
            t.curlyLines++;
        }
        if (policyOn && (t.flags & HAS_POLICY) != 0) {
            t.policy++;
            return;
        }
        if (from == to) {
            return; // only a citation, with the punctuation and word rules off
        }
        t.sentences += t.lineSentences;
        t.citations += cites;
        if (t.kept > 0) {
            t.out.append('\n');
        }
        t.out.append(src, from, to);
        t.kept++;
    }

    /**
     * One pass over a trimmed line: tokens and the longest one, whether it holds a {@code [},
     * the phrases the rules look for, and its sentence count.
     */
    private static void measure(String s, int from, int to, Tally t) {
        int words = 0;
        int longest = 0;
        int token = 0;
        boolean inToken = false;
        boolean bracket = false;
        int flags = 0;
        int sentences = 0;
        boolean content = false;
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (isSpace(c)) {
                inToken = false;
                continue;
            }
            if (!inToken) {
                inToken = true;
                words++;
                token = 0;
            }
            if (!Character.isLowSurrogate(c)) {
                token++;
            }
            char lower = c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : c;
            switch (lower) {
                case '[' -> bracket = true;
                case '{' -> flags |= HAS_CURLY;
                case 'l' -> flags |= at(s, k, to, "lorem ipsum") ? HAS_LOREM : 0;
                case 'j' -> flags |= at(s, k, to, "javascript") ? HAS_JAVASCRIPT : 0;
                case 't' -> flags |= at(s, k, to, "terms of use") ? HAS_POLICY : 0;
                case 'p' -> flags |= at(s, k, to, "privacy policy") ? HAS_POLICY : 0;
                case 'c' -> flags |= at(s, k, to, "cookie policy") ? HAS_POLICY : 0;
                case 'u' -> flags |= at(s, k, to, "uses cookies") || at(s, k, to, "use of cookies")
                        || at(s, k, to, "use cookies") ? HAS_POLICY : 0;
                default -> {
                }
            }
            if (c == '.' || c == '!' || c == '?' || c == '\u2026') {
                // Skip the run of end marks and closers at once, so a long run stays linear.
                int j = k + 1;
                while (j < to && isEndMark(s.charAt(j))) {
                    j++;
                }
                while (j < to && CLOSERS.indexOf(s.charAt(j)) >= 0) {
                    j++;
                }
                if (content && (j == to || isSpace(s.charAt(j)))) {
                    sentences++;
                    content = false;
                }
                token += j - 1 - k; // end marks and closers are single UTF-16 units
                k = j - 1;
            } else if (Character.isLetterOrDigit(c)) {
                content = true;
            }
            longest = Math.max(longest, token);
        }
        if (content) {
            sentences++;
        }
        t.words = words;
        t.longestToken = longest;
        t.bracket = bracket;
        t.flags = flags;
        t.lineSentences = sentences;
    }

    private static boolean isEndMark(char c) {
        return c == '.' || c == '!' || c == '?' || c == '\u2026';
    }

    private static boolean at(String s, int k, int to, String phrase) {
        return k + phrase.length() <= to && s.regionMatches(true, k, phrase, 0, phrase.length());
    }

    private static boolean endsWithTerminalMark(String s, int from, int to) {
        if (from == to || TERMINAL_MARKS.indexOf(s.charAt(to - 1)) < 0) {
            return false;
        }
        return !(to - from >= 3 && s.charAt(to - 1) == '.' && s.charAt(to - 2) == '.' && s.charAt(to - 3) == '.');
    }

    /** The line without citation markers, trimmed; null when it has none. */
    private static String removeCitations(String s, int from, int to, Tally t) {
        StringBuilder out = null;
        int copied = from;
        int count = 0;
        for (int k = from; k < to; k++) {
            if (s.charAt(k) != '[') {
                continue;
            }
            int end = citationEnd(s, k, to);
            if (end < 0) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(to - from);
            }
            out.append(s, copied, k);
            copied = end;
            count++;
            k = end - 1;
        }
        if (out == null) {
            return null;
        }
        out.append(s, copied, to);
        t.lineCitations = count;
        int a = 0;
        int b = out.length();
        while (a < b && isSpace(out.charAt(a))) {
            a++;
        }
        while (b > a && isSpace(out.charAt(b - 1))) {
            b--;
        }
        return out.substring(a, b);
    }

    /** End of the citation marker opening at {@code k}, or -1. */
    private static int citationEnd(String s, int k, int to) {
        int j = k + 1;
        while (j < to && Character.isDigit(s.charAt(j))) {
            j++;
        }
        if (j < to && s.charAt(j) == ']') {
            return j + 1;
        }
        if (j == k + 1) {
            if (k + 6 <= to && s.startsWith("[edit]", k)) {
                return k + 6;
            }
            if (k + 17 <= to && s.startsWith("[citation needed]", k)) {
                return k + 17;
            }
        }
        return -1;
    }

    private static long countIgnoreCase(String text, String phrase) {
        long count = 0;
        char first = phrase.charAt(0);
        char upper = Character.toUpperCase(first);
        for (int k = 0; k + phrase.length() <= text.length(); k++) {
            char c = text.charAt(k);
            if ((c == first || c == upper) && text.regionMatches(true, k, phrase, 0, phrase.length())) {
                count++;
                k += phrase.length() - 1;
            }
        }
        return count;
    }

    /** Python's {@code str.splitlines} boundaries. */
    static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r' || (c >= '\u000B' && c <= '\u000C') || (c >= '\u001C' && c <= '\u001E')
                || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    /** Python's {@code str.split()} / {@code str.strip()} whitespace. */
    static boolean isSpace(char c) {
        if (c <= ' ') {
            return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\u001C' && c <= '\u001F');
        }
        return c >= '\u0085' && (c == '\u0085' || Character.isSpaceChar(c));
    }

    /** Per-document counters, and the last measured line's statistics. */
    private static final class Tally {
        final StringBuilder out;
        int inputLines;
        int kept;
        int longWord;
        int noTerminal;
        int fewWords;
        int javascript;
        int policy;
        int loremLines;
        int curlyLines;
        int citations;
        long sentences;

        int words;
        int longestToken;
        boolean bracket;
        int flags;
        int lineSentences;
        int lineCitations;

        Tally(int length) {
            out = new StringBuilder(length);
        }
    }

    /** Rules and thresholds, starting from C4's. */
    public static final class Builder {
        private boolean longWord = true;
        private int maxWordLength = 1000;
        private boolean citations = true;
        private boolean terminalPunct = true;
        private boolean tooFewWords = true;
        private int minWordsPerLine = 3;
        private boolean loremIpsum = true;
        private boolean javascript = true;
        private boolean curlyBracket = true;
        private boolean policy = true;
        private boolean minSentences = true;
        private int minSentenceCount = 5;
        private boolean emptyAfterLines = true;
        private boolean wholeDocumentChecks = false;

        private Builder() {
        }

        /** {@code c4_long_word} on or off. */
        public Builder longWord(boolean on) {
            longWord = on;
            return this;
        }

        /** Longest allowed token, in code points (C4: 1000). */
        public Builder maxWordLength(int v) {
            maxWordLength = v;
            return this;
        }

        /** Whether citation markers are cut out. */
        public Builder removeCitations(boolean on) {
            citations = on;
            return this;
        }

        /** {@code c4_no_terminal_punct} on or off. */
        public Builder terminalPunct(boolean on) {
            terminalPunct = on;
            return this;
        }

        /** {@code c4_too_few_words} on or off. */
        public Builder tooFewWords(boolean on) {
            tooFewWords = on;
            return this;
        }

        /** Fewest tokens a kept line may have (C4 paper: 3). */
        public Builder minWordsPerLine(int v) {
            minWordsPerLine = v;
            return this;
        }

        /** {@code c4_lorem_ipsum} on or off. */
        public Builder loremIpsum(boolean on) {
            loremIpsum = on;
            return this;
        }

        /** {@code c4_javascript} on or off. */
        public Builder javascript(boolean on) {
            javascript = on;
            return this;
        }

        /** {@code c4_curly_bracket} on or off. */
        public Builder curlyBracket(boolean on) {
            curlyBracket = on;
            return this;
        }

        /** {@code c4_policy} on or off. */
        public Builder policy(boolean on) {
            policy = on;
            return this;
        }

        /** {@code c4_min_sentences} on or off. */
        public Builder minSentences(boolean on) {
            minSentences = on;
            return this;
        }

        /** Fewest sentences a kept document may have (C4 paper: 5). */
        public Builder minSentenceCount(int v) {
            minSentenceCount = v;
            return this;
        }

        /** {@code c4_empty_after_lines} on or off. */
        public Builder emptyAfterLines(boolean on) {
            emptyAfterLines = on;
            return this;
        }

        /**
         * Look for "lorem ipsum" and {@code &#123;} anywhere in the raw text rather than only in
         * lines that reached those steps (default false, as C4's code does).
         */
        public Builder wholeDocumentChecks(boolean on) {
            wholeDocumentChecks = on;
            return this;
        }

        public C4LineFilter build() {
            return new C4LineFilter(this);
        }
    }
}
