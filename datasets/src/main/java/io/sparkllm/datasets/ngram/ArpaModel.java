package io.sparkllm.datasets.ngram;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * An immutable back-off n-gram language model, as read from an ARPA file or built by {@link KneserNeyEstimator}, used
 * to score documents by perplexity the way BigScience's ROOTS cleaning did with KenLM.
 *
 * <p><b>Scoring</b> follows the ARPA back-off semantics of SRILM and KenLM, in log10: with {@code h} the last
 * {@code order-1} words of the history, {@code log p(w|h) = log p*(h w)} when the n-gram {@code h w} is listed, else
 * {@code backoff(h) + log p(w|h')} with {@code h'} the history without its oldest word; an unlisted history has backoff
 * 0. Words outside the vocabulary are scored as {@code <unk>}. When the model has no {@code <unk>} they are scored as
 * if it had a {@code <unk>} unigram of log10 probability {@link #unknownLog10Prob()} (by default
 * {@value #DEFAULT_UNKNOWN_LOG10_PROB}, the value KenLM substitutes), so the backoffs of the history still apply; as a
 * history word such an unknown word ends the usable history.
 *
 * <p><b>Memory:</b> the model is meant to be broadcast to Spark executors, so it keeps no strings per n-gram: each
 * order is a {@link NGramTable} of 64-bit hashed keys and float probabilities (16 bytes a slot, like KenLM's probing
 * structure) and the vocabulary is one string array. Float precision is also what KenLM stores.
 *
 * <p>Instances are thread-safe (read-only after construction).
 */
public final class ArpaModel implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String BOS = "<s>";
    public static final String EOS = "</s>";
    public static final String UNK = "<unk>";
    /** Log10 probability of a word outside a vocabulary that has no {@code <unk>}; KenLM uses the same value. */
    public static final double DEFAULT_UNKNOWN_LOG10_PROB = -100.0;

    private final int order;
    private final Vocabulary vocabulary;
    private final NGramTable[] tables; // tables[n - 1] holds the n-grams
    private final int unkId;
    private final int bosId;
    private final int eosId;
    private final double unknownLog10Prob;

    private ArpaModel(Vocabulary vocabulary, NGramTable[] tables, double unknownLog10Prob) {
        this.order = tables.length;
        this.vocabulary = vocabulary;
        this.tables = tables;
        this.unkId = vocabulary.id(UNK);
        this.bosId = vocabulary.id(BOS);
        this.eosId = vocabulary.id(EOS);
        this.unknownLog10Prob = unknownLog10Prob;
    }

    /** Reads an ARPA file (UTF-8); unknown words get {@value #DEFAULT_UNKNOWN_LOG10_PROB} if it has no {@code <unk>}. */
    public static ArpaModel read(InputStream in) throws IOException {
        return read(in, DEFAULT_UNKNOWN_LOG10_PROB);
    }

    /**
     * Reads an ARPA file (UTF-8).
     *
     * @param unknownLog10Prob log10 probability of words outside the vocabulary, used only if the file has no
     *                         {@code <unk>} unigram
     * @throws IllegalArgumentException naming the line, when the file is malformed
     */
    public static ArpaModel read(InputStream in, double unknownLog10Prob) throws IOException {
        return ArpaReader.read(in, unknownLog10Prob);
    }

    /** Reads an ARPA file, gunzipping it when its name ends with {@code .gz}. */
    public static ArpaModel read(Path path) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
             InputStream in = path.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            return read(in);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    public int order() {
        return order;
    }

    /** Whether {@code word} is in the vocabulary (has a unigram). */
    public boolean contains(String word) {
        return vocabulary.id(word) >= 0;
    }

    /** Whether the model lists {@code <unk>}; if not, unknown words get {@link #unknownLog10Prob()}. */
    public boolean hasUnk() {
        return unkId >= 0;
    }

    /** The floor used for unknown words when the model has no {@code <unk>}. */
    public double unknownLog10Prob() {
        return unknownLog10Prob;
    }

    /** Number of words, {@code <s>}, {@code </s>} and {@code <unk>} included when listed. */
    public int vocabularySize() {
        return vocabulary.size();
    }

    /** The vocabulary, in the order of the 1-grams section. */
    public List<String> vocabulary() {
        List<String> words = new ArrayList<>(vocabulary.size());
        for (int id = 0; id < vocabulary.size(); id++) {
            words.add(vocabulary.word(id));
        }
        return Collections.unmodifiableList(words);
    }

    /** Number of n-grams of order {@code n} (1..order). */
    public long ngramCount(int n) {
        if (n < 1 || n > order) {
            throw new IllegalArgumentException("order " + n + " outside 1.." + order);
        }
        return tables[n - 1].size();
    }

    /**
     * Log10 probability of {@code word} after {@code history} (oldest word first; only the last {@code order-1} words
     * count). Nothing is added implicitly: pass {@code <s>} as the first history word to score a sentence start.
     */
    public double log10Prob(String[] history, String word) {
        int context = Math.min(history.length, order - 1);
        int[] ids = new int[context + 1];
        for (int i = 0; i < context; i++) {
            ids[i] = wordId(history[history.length - context + i]);
        }
        ids[context] = wordId(word);
        return score(ids, 0, context);
    }

    /**
     * Log10 probability of a whole sentence as KenLM's full-sentence scoring gives it: the words after a {@code <s>}
     * context, then {@code </s>}. {@code <s>} itself is not scored.
     */
    public double sentenceLog10Prob(List<String> words) {
        int[] ids = sentenceIds(words);
        double total = 0;
        for (int i = 1; i < ids.length; i++) {
            total += score(ids, Math.max(0, i - order + 1), i);
        }
        return total;
    }

    /**
     * Perplexity of a document given as sentences (lines) of words: {@code 10^(-L / T)} with {@code L} the sum of
     * {@link #sentenceLog10Prob} and {@code T} the number of words plus one {@code </s>} per sentence. This is how
     * KenLM's {@code perplexity} and the ROOTS/CCNet document filter compute it. NaN when there are no sentences.
     */
    public double perplexity(List<List<String>> sentences) {
        double total = 0;
        long tokens = 0;
        for (List<String> sentence : sentences) {
            total += sentenceLog10Prob(sentence);
            tokens += sentence.size() + 1L;
        }
        return tokens == 0 ? Double.NaN : Math.pow(10, -total / tokens);
    }

    private int[] sentenceIds(List<String> words) {
        int[] ids = new int[words.size() + 2];
        ids[0] = bosId;
        for (int i = 0; i < words.size(); i++) {
            ids[i + 1] = wordId(words.get(i));
        }
        ids[ids.length - 1] = eosId >= 0 ? eosId : unkId;
        return ids;
    }

    /** The id used for scoring: the word's own, else {@code <unk>}'s, else -1 (unknown and no {@code <unk>}). */
    private int wordId(String word) {
        int id = vocabulary.id(word);
        return id >= 0 ? id : unkId;
    }

    /**
     * Log10 probability of {@code ids[to]} after the history {@code ids[from..to)}. Lengthens the n-gram into the
     * history one word at a time, keeping the longest listed n-gram's probability plus the backoffs of every history
     * longer than that n-gram's own.
     */
    private double score(int[] ids, int from, int to) {
        int word = ids[to];
        double prob;
        boolean known = word >= 0;
        long ngramKey = NGramTable.EMPTY;
        if (known) {
            ngramKey = NGramTable.extend(ngramKey, word);
            int slot = tables[0].find(ngramKey);
            known = slot >= 0; // always true for a well-formed table
            prob = known ? tables[0].prob(slot) : unknownLog10Prob;
        } else {
            prob = unknownLog10Prob;
        }
        double backoff = 0;
        long historyKey = NGramTable.EMPTY;
        for (int length = 1; length <= to - from; length++) {
            int previous = ids[to - length];
            if (previous < 0) {
                break; // nothing listed contains an unknown word
            }
            historyKey = NGramTable.extend(historyKey, previous);
            float historyBackoff = tables[length - 1].backoffOrZero(historyKey);
            int slot = -1;
            if (known) {
                ngramKey = NGramTable.extend(ngramKey, previous);
                slot = tables[length].find(ngramKey);
            }
            if (slot >= 0) {
                prob = tables[length].prob(slot);
                backoff = 0;
            } else {
                backoff += historyBackoff;
            }
        }
        return prob + backoff;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ArpaModel[order=").append(order);
        for (int n = 1; n <= order; n++) {
            s.append(", ").append(n).append("-grams=").append(tables[n - 1].size());
        }
        return s.append(']').toString();
    }

    /** Assembles a model from n-grams given order by order (1-grams first, since they define the vocabulary). */
    static final class Builder {
        private final Vocabulary vocabulary = new Vocabulary();
        private final NGramTable[] tables;

        /** @param counts the number of n-grams of each order, {@code counts[n - 1]} for order n */
        Builder(long[] counts) {
            tables = new NGramTable[counts.length];
            for (int n = 0; n < counts.length; n++) {
                tables[n] = new NGramTable(counts[n]);
            }
        }

        /** Adds a vocabulary word; its id, or -1 when it is already present. */
        int addWord(String word) {
            return vocabulary.add(word);
        }

        /** The id of a word added before, or -1. */
        int id(String word) {
            return vocabulary.id(word);
        }

        /** Adds the n-gram {@code ids[0..length)}; false if it is already present. */
        boolean put(int[] ids, int length, float log10Prob, float log10Backoff) {
            return tables[length - 1].put(NGramTable.key(ids, length), log10Prob, log10Backoff);
        }

        long size(int n) {
            return tables[n - 1].size();
        }

        ArpaModel build(double unknownLog10Prob) {
            vocabulary.trim();
            return new ArpaModel(vocabulary, tables.clone(), unknownLog10Prob);
        }
    }
}
