package io.sparkllm.datasets.pairs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the lines of pair files into raw sentence pairs: a Moses line pair, a TSV line
 * ({@code srcColumn} and {@code tgtColumn}, 0-based), or a JSONL object whose {@code srcField} and
 * {@code tgtField} (dotted paths such as {@code translation.de}) hold strings. A line that can't
 * be read becomes a named reason: {@code too_large}, {@code invalid_utf8}, {@code bad_tsv},
 * {@code bad_json}, {@code not_an_object}, {@code missing_field}, {@code not_a_string}.
 */
public final class PairLineParser implements Serializable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final int srcColumn;
    private final int tgtColumn;
    private final String srcField;
    private final String tgtField;
    private final int excerptChars;

    public PairLineParser(int srcColumn, int tgtColumn, String srcField, String tgtField, int excerptChars) {
        if (srcColumn < 0 || tgtColumn < 0 || srcColumn == tgtColumn) {
            throw new IllegalArgumentException("tsv.src-column and tsv.tgt-column must be two different columns "
                    + "from 0, got " + srcColumn + " and " + tgtColumn);
        }
        this.srcColumn = srcColumn;
        this.tgtColumn = tgtColumn;
        this.srcField = srcField;
        this.tgtField = tgtField;
        this.excerptChars = excerptChars;
    }

    /** Line {@code n} of a Moses source file and of its target file; a side is null where the line was too large. */
    public PairLine moses(byte[] src, boolean srcTruncated, byte[] tgt, boolean tgtTruncated) {
        if (srcTruncated || tgtTruncated) {
            return PairLine.unreadable("too_large", (srcTruncated ? "source" : "target") + " line is over the limit",
                    excerpt(lenient(srcTruncated ? src : tgt)));
        }
        String s = decode(src);
        String t = decode(tgt);
        if (s == null || t == null) {
            return PairLine.unreadable("invalid_utf8", (s == null ? "source" : "target") + " line is not UTF-8",
                    excerpt(lenient(s == null ? src : tgt)));
        }
        return PairLine.pair(s, t);
    }

    public PairLine tsv(byte[] bytes, boolean truncated) {
        String line = readable(bytes, truncated);
        if (line == null) {
            return unreadable(bytes, truncated);
        }
        String[] columns = line.split("\t", -1);
        int needed = Math.max(srcColumn, tgtColumn) + 1;
        if (columns.length < needed) {
            return PairLine.unreadable("bad_tsv", "expected at least " + needed + " tab-separated columns, found "
                    + columns.length, excerpt(line));
        }
        return PairLine.pair(columns[srcColumn], columns[tgtColumn]);
    }

    public PairLine json(byte[] bytes, boolean truncated) {
        String line = readable(bytes, truncated);
        if (line == null) {
            return unreadable(bytes, truncated);
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return PairLine.unreadable("bad_json", e.getOriginalMessage().replace('\n', ' '), excerpt(line));
        }
        if (node == null || !node.isObject()) {
            return PairLine.unreadable("not_an_object", "a JSON line must hold an object", excerpt(line));
        }
        JsonNode src = field(node, srcField);
        JsonNode tgt = field(node, tgtField);
        for (String name : new String[] {srcField, tgtField}) {
            JsonNode value = name.equals(srcField) ? src : tgt;
            if (value == null || value.isNull()) {
                return PairLine.unreadable("missing_field", "no field '" + name + "'", excerpt(line));
            }
            if (!value.isTextual()) {
                return PairLine.unreadable("not_a_string", "field '" + name + "' is a " + value.getNodeType(),
                        excerpt(line));
            }
        }
        return PairLine.pair(src.asText(), tgt.asText());
    }

    private static JsonNode field(JsonNode node, String dottedPath) {
        JsonNode current = node;
        for (String part : dottedPath.split("\\.")) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(part);
        }
        return current;
    }

    private static String readable(byte[] bytes, boolean truncated) {
        return truncated ? null : decode(bytes);
    }

    private PairLine unreadable(byte[] bytes, boolean truncated) {
        return truncated ? PairLine.unreadable("too_large", "line is over the limit", excerpt(lenient(bytes)))
                : PairLine.unreadable("invalid_utf8", "line is not UTF-8", excerpt(lenient(bytes)));
    }

    /** Strict UTF-8, or null when the bytes aren't; a leading byte-order mark is dropped. */
    static String decode(byte[] bytes) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String lenient(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private String excerpt(String s) {
        return s.length() <= excerptChars ? s : s.substring(0, excerptChars);
    }
}
