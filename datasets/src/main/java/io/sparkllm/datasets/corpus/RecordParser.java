package io.sparkllm.datasets.corpus;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns raw input records (a JSONL line, a whole text file) into documents, or into a named reason
 * they can't be read: {@code too_large}, {@code invalid_utf8}, {@code bad_json},
 * {@code not_an_object}, {@code missing_text}, {@code null_text}, {@code text_not_string}.
 * A record without an id gets a stable one from its text's SHA-256.
 */
public final class RecordParser implements JsonRecordParser {
    private final String textField;
    private final String idField;
    private final String langField;
    private final long maxBytes;
    private final JsonObjectLines lines;

    public RecordParser(String textField, String idField, String langField, long maxBytes, int excerptBytes) {
        this.textField = textField;
        this.idField = idField;
        this.langField = langField;
        this.maxBytes = maxBytes;
        this.lines = new JsonObjectLines(maxBytes, excerptBytes);
    }

    @Override
    public int keepBytes() {
        return lines.keepBytes();
    }

    @Override
    public ParsedRecord parseJsonLine(ByteLines.Line line) {
        JsonObjectLines.Read read = lines.read(line);
        if (!read.ok()) {
            return read.unreadable();
        }
        JsonNode node = read.object();
        JsonNode text = node.get(textField);
        if (text == null) {
            return lines.unreadable("missing_text", "no field '" + textField + "'", line);
        }
        if (text.isNull()) {
            return lines.unreadable("null_text", "field '" + textField + "' is null", line);
        }
        if (!text.isTextual()) {
            return lines.unreadable("text_not_string", "field '" + textField + "' is a " + text.getNodeType(), line);
        }
        JsonNode id = node.get(idField);
        JsonNode lang = node.get(langField);
        Map<String, String> meta = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String key = f.getKey();
            if (key.equals(textField) || key.equals(idField) || key.equals(langField) || f.getValue().isNull()) {
                continue;
            }
            meta.put(key, f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString());
        }
        String textValue = text.asText();
        String idValue = id == null || id.isNull() ? contentId(textValue) : id.asText();
        String langValue = lang == null || lang.isNull() || lang.asText().isBlank() ? null : lang.asText();
        return ParsedRecord.document(idValue, textValue, langValue, meta);
    }

    /** A whole file as one document (source code, plain text). */
    public ParsedRecord parseTextFile(byte[] content, long length) {
        if (length > maxBytes) {
            return ParsedRecord.unreadable("too_large", "file of " + length + " bytes is over the limit of " + maxBytes,
                    lines.excerpt(content));
        }
        try {
            String text = JsonObjectLines.decodeStrict(content);
            return ParsedRecord.document(contentId(text), text, null, Map.of());
        } catch (CharacterCodingException e) {
            return ParsedRecord.unreadable("invalid_utf8", "invalid UTF-8 at byte " + JsonObjectLines.firstBadByte(content),
                    lines.excerpt(content));
        }
    }

    public static String contentId(String text) {
        return contentId(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The same id from the text's UTF-8 bytes, for callers that already have them. */
    public static String contentId(byte[] utf8) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(utf8);
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
