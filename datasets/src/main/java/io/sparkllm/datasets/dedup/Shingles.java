package io.sparkllm.datasets.dedup;

import io.sparkllm.datasets.text.Hash64;

import java.io.Serializable;
import java.text.Normalizer;
import java.util.Arrays;

/**
 * A document's shingles as 64-bit hashes: word n-grams (default 5) or character n-grams over
 * normalised text (NFKC, lower case, punctuation and symbols dropped, whitespace runs as one
 * space), so copies that differ only in case, punctuation or spacing shingle the same. Returned
 * sorted and distinct: a set, as Jaccard similarity needs.
 */
public final class Shingles implements Serializable {
    /** Word or character n-grams. */
    public enum Unit { WORD, CHAR }

    private final Unit unit;
    private final int n;

    public Shingles(Unit unit, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("shingle size must be at least 1, got " + n);
        }
        this.unit = unit;
        this.n = n;
    }

    public static String normalize(String text) {
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT);
        StringBuilder out = new StringBuilder(nfkc.length());
        boolean space = true;
        for (int i = 0; i < nfkc.length(); ) {
            int cp = nfkc.codePointAt(i);
            i += Character.charCount(cp);
            if (NfkcWordChars.isWordCodePoint(cp)) {
                out.appendCodePoint(cp);
                space = false;
            } else if (!space) {
                out.append(' ');
                space = true;
            }
        }
        int end = out.length();
        if (end > 0 && out.charAt(end - 1) == ' ') {
            out.setLength(end - 1);
        }
        return out.toString();
    }

    /** The distinct shingle hashes of a text, sorted; a text shorter than one shingle is one shingle. */
    public long[] of(String text) {
        long[] shingles = hashes(text);
        Arrays.sort(shingles);
        int distinct = 0;
        for (int i = 0; i < shingles.length; i++) {
            if (i == 0 || shingles[i] != shingles[i - 1]) {
                shingles[distinct++] = shingles[i];
            }
        }
        return Arrays.copyOf(shingles, distinct);
    }

    /**
     * The shingle hashes in text order, repeats included: all MinHash needs (a minimum ignores
     * repeats), without the sort that {@link #of} pays for a set.
     */
    public long[] hashes(String text) {
        long[] items = unit == Unit.WORD ? wordHashes(text) : charHashes(normalize(text));
        if (items.length == 0) {
            return new long[0];
        }
        int count = Math.max(1, items.length - n + 1);
        long[] shingles = new long[count];
        for (int s = 0; s < count; s++) {
            long h = 0x9E3779B97F4A7C15L;
            for (int j = s; j < Math.min(items.length, s + n); j++) {
                h = Hash64.mix(h ^ items[j]) * 0x100000001B3L;
            }
            shingles[s] = Hash64.mix(h);
        }
        return shingles;
    }

    /**
     * Each normalised word's {@link Hash64#of} hash. Text whose every character normalises on its
     * own (see {@link FoldedChars}: nearly all web text, accented and CJK included) is scanned in
     * place, one table look-up per character; other text (Devanagari's vowel signs, Arabic's
     * harakat, emoji) is put in NFKC first, then scanned the same way.
     */
    private static long[] wordHashes(String text) {
        WordHashes out = new WordHashes(text.length());
        for (int i = 0; i < text.length(); i++) {
            char folded = FoldedChars.fold(text.charAt(i));
            if (folded == FoldedChars.NEEDS_NORMALIZER) {
                return wordHashesOfNfkc(text);
            }
            if (folded == FoldedChars.SEPARATOR) {
                out.endWord();
            } else {
                out.add(folded);
            }
        }
        return out.finish();
    }

    /**
     * The word hashes of {@link #normalize}'s output, from the NFKC text without building that
     * output: each character through {@link NfkcWordChars}, each supplementary code point by its
     * properties. Text with a character whose lower case depends on its neighbours takes
     * {@link #normalize} itself.
     */
    private static long[] wordHashesOfNfkc(String text) {
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
        WordHashes out = new WordHashes(nfkc.length());
        for (int i = 0; i < nfkc.length(); i++) {
            char c = nfkc.charAt(i);
            char kept = NfkcWordChars.of(c);
            if (kept == NfkcWordChars.IN_CONTEXT) {
                return wordHashesOfNormalized(normalize(text));
            }
            if (kept == NfkcWordChars.SURROGATE) {
                int cp = nfkc.codePointAt(i);
                int lower = Character.toLowerCase(cp);
                if (Character.isSupplementaryCodePoint(cp)) {
                    i++;
                }
                if (!NfkcWordChars.isWordCodePoint(lower)) {
                    out.endWord();
                } else if (Character.isBmpCodePoint(lower)) {
                    out.add((char) lower);
                } else {
                    out.add(Character.highSurrogate(lower));
                    out.add(Character.lowSurrogate(lower));
                }
            } else if (kept == NfkcWordChars.SEPARATOR) {
                out.endWord();
            } else {
                out.add(kept);
            }
        }
        return out.finish();
    }

    /** The words of normalised text: runs of anything but its single spaces. */
    private static long[] wordHashesOfNormalized(String normalized) {
        WordHashes out = new WordHashes(normalized.length());
        for (int i = 0; i < normalized.length(); i++) {
            char ch = normalized.charAt(i);
            if (ch == ' ') {
                out.endWord();
            } else {
                out.add(ch);
            }
        }
        return out.finish();
    }

    /** Accumulates {@link Hash64#of} of each word as its characters arrive. */
    private static final class WordHashes {
        private long[] hashes;
        private int count;
        private long h;
        private boolean inWord;

        WordHashes(int textLength) {
            hashes = new long[Math.max(4, textLength / 4)];
        }

        void add(char ch) {
            if (!inWord) {
                h = 0xcbf29ce484222325L;
                inWord = true;
            }
            h ^= ch;
            h *= 0x100000001b3L;
        }

        void endWord() {
            if (inWord) {
                if (count == hashes.length) {
                    hashes = Arrays.copyOf(hashes, count * 2);
                }
                hashes[count++] = Hash64.mix(h);
                inWord = false;
            }
        }

        long[] finish() {
            endWord();
            return Arrays.copyOf(hashes, count);
        }
    }

    private static long[] charHashes(String normalized) {
        return normalized.codePoints().asLongStream().map(cp -> Hash64.mix(cp + 0x632BE59BD9B4E019L)).toArray();
    }


    /** Exact Jaccard similarity of two sorted distinct shingle sets. */
    public static double jaccard(long[] a, long[] b) {
        if (a.length == 0 && b.length == 0) {
            return 1.0;
        }
        int i = 0;
        int j = 0;
        int both = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                both++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return (double) both / (a.length + b.length - both);
    }
}
