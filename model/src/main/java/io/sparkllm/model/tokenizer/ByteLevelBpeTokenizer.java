package io.sparkllm.model.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level BPE as GPT-2 and BLOOM use it: the text is cut into words (by the GPT-2 pattern, or
 * BLOOM's split), each word's UTF-8 bytes become symbols of the byte alphabet, and merges apply by rank.
 * Merged words are cached per thread, so common words cost one hash lookup.
 */
public final class ByteLevelBpeTokenizer extends VocabularyTokenizer {
    private final PairMergeTable merges;
    private final boolean addPrefixSpace;
    private final WordSplitter splitter;
    private final HuggingFaceComponents components;
    private final int[] byteIds = new int[256];
    private final byte[][] tokenBytes;
    private final ThreadLocal<Worker> workers;

    ByteLevelBpeTokenizer(Vocabulary vocab, PairMergeTable merges, AddedTokens added, boolean addPrefixSpace,
                          HuggingFaceComponents components) {
        this(vocab, merges, added, addPrefixSpace, Gpt2PreTokenizer::wordEnd, components);
    }

    /** With another word split before the byte-level step (BLOOM's, or none). */
    ByteLevelBpeTokenizer(Vocabulary vocab, PairMergeTable merges, AddedTokens added, boolean addPrefixSpace,
                          WordSplitter splitter, HuggingFaceComponents components) {
        super(vocab, added);
        this.splitter = splitter;
        this.merges = merges;
        this.addPrefixSpace = addPrefixSpace;
        this.components = components;
        for (int b = 0; b < 256; b++) {
            byteIds[b] = vocab.id(String.valueOf(ByteLevelAlphabet.charOf(b)));
            if (byteIds[b] < 0) {
                throw new TokenizerFormatException("byte-level vocabulary lacks the token for byte " + b);
            }
        }
        String[] tokens = vocab.tokensById();
        tokenBytes = new byte[tokens.length][];
        for (int id = 0; id < tokens.length; id++) {
            if (tokens[id] != null) {
                byte[] bytes = ByteLevelAlphabet.bytesOf(tokens[id]);
                tokenBytes[id] = bytes != null ? bytes : tokens[id].getBytes(StandardCharsets.UTF_8);
            }
        }
        workers = ThreadLocal.withInitial(() -> new Worker(merges));
    }

    /** Per-thread scratch: the word cache, the merger and a symbol buffer. */
    private static final class Worker implements Utf8.ByteSink {
        final WordCache cache = new WordCache(17);
        final BpeMerger merger;
        int[] symbols = new int[256];
        int length;
        int[] byteIds;

        Worker(PairMergeTable merges) {
            merger = new BpeMerger(merges);
        }

        @Override
        public void accept(int unsignedByte) {
            if (length == symbols.length) {
                symbols = java.util.Arrays.copyOf(symbols, length * 2);
            }
            symbols[length++] = byteIds[unsignedByte];
        }
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        IntList out = new IntList(text.length() / 3 + 8);
        Worker w = workers.get();
        w.byteIds = byteIds;
        if (!added.hasRaw() && !added.hasNormalized()) {
            encodeSegment(text, 0, text.length(), out, w);
        } else {
            // No normalizer: tokens marked normalized match the raw text too.
            AddedTokens.Sink segments = new AddedTokens.Sink() {
                @Override
                public void text(String s, int from, int to) {
                    encodeSegment(s, from, to, out, w);
                }

                @Override
                public void token(int id) {
                    out.add(id);
                }
            };
            added.splitRaw(text, !added.hasNormalized() ? segments : new AddedTokens.Sink() {
                @Override
                public void text(String s, int from, int to) {
                    added.splitNormalized(s.substring(from, to), segments);
                }

                @Override
                public void token(int id) {
                    out.add(id);
                }
            });
        }
        return out.toArray();
    }

    private void encodeSegment(String s, int from, int to, IntList out, Worker w) {
        if (addPrefixSpace && s.charAt(from) != ' ') {
            s = " " + s.substring(from, to);
            from = 0;
            to = s.length();
        }
        int pos = from;
        while (pos < to) {
            int end = splitter.wordEnd(s, pos, to);
            int hash = WordCache.hash(s, pos, end);
            int[] ids = w.cache.get(s, pos, end, hash);
            if (ids == null) {
                w.length = 0;
                Utf8.encode(s, pos, end, w);
                int n = w.merger.merge(w.symbols, w.length);
                ids = java.util.Arrays.copyOf(w.symbols, n);
                w.cache.put(s, pos, end, hash, ids);
            }
            out.addAll(ids, ids.length);
            pos = end;
        }
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length * 4);
        for (int id : ids) {
            String content = added.contentOf(id);
            if (content != null) {
                if (!(skipSpecialTokens && added.isSpecial(id))) {
                    bytes.writeBytes(content.getBytes(StandardCharsets.UTF_8));
                }
                continue;
            }
            vocab.token(id); // throws for an id outside the vocabulary
            bytes.writeBytes(tokenBytes[id]);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Merges in rank order as (left id, right id, rank). */
    int[][] mergesByRank() {
        return merges.pairsByRank();
    }

    @Override
    public ObjectNode toHuggingFaceJson() {
        ObjectNode model = HuggingFaceJson.bpeModel(vocab, merges, null, false, false, "", "");
        return HuggingFaceJson.document(added, components, model);
    }
}
