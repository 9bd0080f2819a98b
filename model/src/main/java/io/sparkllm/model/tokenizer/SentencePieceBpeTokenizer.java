package io.sparkllm.model.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * SentencePiece-style BPE as LLaMA's tokenizer.json describes it: the normalizer prepends
 * {@code ▁} and turns spaces into {@code ▁}; there is no pre-tokenizer, so a whole text is one
 * word; symbols are characters, and a character missing from the vocabulary becomes its UTF-8
 * bytes as {@code <0xNN>} tokens (byte fallback) or {@code <unk>}.
 */
public final class SentencePieceBpeTokenizer extends VocabularyTokenizer {
    static final char SPACE_MARK = '\u2581';
    private final PairMergeTable merges;
    private final int unkId;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final SingleTemplate template;
    private final HuggingFaceComponents components;
    private final int[] bmpIds = new int[65536];
    private final Map<Integer, Integer> supplementaryIds = new HashMap<>();
    private final int[] byteTokenIds = new int[256];
    private final int[] byteOfToken;
    private final ThreadLocal<BpeMerger> mergers;

    SentencePieceBpeTokenizer(Vocabulary vocab, PairMergeTable merges, AddedTokens added, String unkToken,
                              boolean fuseUnk, boolean byteFallback, SingleTemplate template,
                              HuggingFaceComponents components) {
        super(vocab, added.normalizedBy(SentencePieceBpeTokenizer::normalize));
        this.merges = merges;
        this.unkId = unkToken == null ? -1 : vocab.id(unkToken);
        this.fuseUnk = fuseUnk;
        this.byteFallback = byteFallback;
        this.template = template;
        this.components = components;
        java.util.Arrays.fill(bmpIds, -1);
        String[] tokens = vocab.tokensById();
        byteOfToken = new int[tokens.length];
        java.util.Arrays.fill(byteOfToken, -1);
        for (int id = 0; id < tokens.length; id++) {
            String t = tokens[id];
            if (t == null) {
                continue;
            }
            if (t.codePointCount(0, t.length()) == 1) {
                int cp = t.codePointAt(0);
                if (cp < 65536) {
                    bmpIds[cp] = id;
                } else {
                    supplementaryIds.put(cp, id);
                }
            }
            int b = byteTokenValue(t);
            if (b >= 0) {
                byteOfToken[id] = b;
            }
        }
        for (int b = 0; b < 256; b++) {
            byteTokenIds[b] = vocab.id(String.format("<0x%02X>", b));
        }
        mergers = ThreadLocal.withInitial(() -> new BpeMerger(merges));
    }

    /** The byte of a {@code <0xNN>} token, or -1. */
    private static int byteTokenValue(String t) {
        if (t.length() != 6 || !t.startsWith("<0x") || t.charAt(5) != '>') {
            return -1;
        }
        int hi = Character.digit(t.charAt(3), 16);
        int lo = Character.digit(t.charAt(4), 16);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    /** Prepend {@code ▁} to a non-empty text and replace every space by {@code ▁}. */
    static String normalize(String text) {
        return text.isEmpty() ? text : SPACE_MARK + text.replace(' ', SPACE_MARK);
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        IntList out = new IntList(text.length() / 2 + 8);
        BpeMerger merger = mergers.get();
        AddedTokens.Sink pieces = new AddedTokens.Sink() {
            @Override
            public void text(String s, int from, int to) {
                encodeWord(s, from, to, out, merger);
            }

            @Override
            public void token(int id) {
                out.add(id);
            }
        };
        added.splitRaw(text, new AddedTokens.Sink() {
            @Override
            public void text(String s, int from, int to) {
                added.splitNormalized(normalize(s.substring(from, to)), pieces);
            }

            @Override
            public void token(int id) {
                out.add(id);
            }
        });
        return addSpecialTokens ? template.apply(out) : out.toArray();
    }

    private void encodeWord(String s, int from, int to, IntList out, BpeMerger merger) {
        int[] symbols = new int[(to - from) * 4];
        int n = 0;
        boolean lastUnk = false;
        for (int i = from; i < to; ) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            int id = cp < 65536 ? bmpIds[cp] : supplementaryIds.getOrDefault(cp, -1);
            if (id >= 0) {
                symbols[n++] = id;
                lastUnk = false;
            } else if (byteFallback && fallbackKnown(s, i, next)) {
                int[] count = {n};
                int[] buf = symbols;
                Utf8.encode(s, i, next, b -> buf[count[0]++] = byteTokenIds[b]);
                n = count[0];
                lastUnk = false;
            } else {
                if (unkId < 0) {
                    throw new IllegalArgumentException("character U+" + Integer.toHexString(cp).toUpperCase()
                            + " is not in the vocabulary and the model has no unk token");
                }
                if (!(fuseUnk && lastUnk)) {
                    symbols[n++] = unkId;
                }
                lastUnk = true;
            }
            i = next;
        }
        n = merger.merge(symbols, n);
        out.addAll(symbols, n);
    }

    private boolean fallbackKnown(String s, int from, int to) {
        boolean[] known = {true};
        Utf8.encode(s, from, to, b -> known[0] &= byteTokenIds[b] >= 0);
        return known[0];
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream pendingBytes = new ByteArrayOutputStream();
        for (int id : ids) {
            String content = added.contentOf(id);
            if (content != null && skipSpecialTokens && added.isSpecial(id)) {
                continue;
            }
            String token = content != null ? content : vocab.token(id);
            int b = content == null && id < byteOfToken.length ? byteOfToken[id] : byteTokenValue(token);
            if (b >= 0) {
                pendingBytes.write(b);
                continue;
            }
            flushBytes(pendingBytes, text);
            text.append(token.replace(SPACE_MARK, ' '));
        }
        flushBytes(pendingBytes, text);
        return text.length() > 0 && text.charAt(0) == ' ' ? text.substring(1) : text.toString();
    }

    /** Byte tokens decode together when they form valid UTF-8, else each becomes U+FFFD (HF's ByteFallback). */
    private static void flushBytes(ByteArrayOutputStream bytes, StringBuilder text) {
        if (bytes.size() == 0) {
            return;
        }
        byte[] raw = bytes.toByteArray();
        bytes.reset();
        try {
            text.append(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)));
        } catch (CharacterCodingException e) {
            text.append("\uFFFD".repeat(raw.length));
        }
    }

    @Override
    public ObjectNode toHuggingFaceJson() {
        ObjectNode model = HuggingFaceJson.bpeModel(vocab, merges, unkId >= 0 ? vocab.token(unkId) : null, fuseUnk,
                byteFallback, null, null);
        return HuggingFaceJson.document(added, components, model);
    }
}
