package io.sparkllm.datasets.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
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
public final class RecordParser implements Serializable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String textField;
    private final String idField;
    private final String langField;
    private final long maxBytes;
    private final int excerptBytes;

    public RecordParser(String textField, String idField, String langField, long maxBytes, int excerptBytes) {
        this.textField = textField;
        this.idField = idField;
        this.langField = langField;
        this.maxBytes = maxBytes;
        this.excerptBytes = excerptBytes;
    }

    /** How many bytes of a record to keep while reading: enough to parse any record within the limit. */
    public int keepBytes() {
        return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(maxBytes, excerptBytes));
    }

    public ParsedRecord parseJsonLine(ByteLines.Line line) {
        if (line.length() > maxBytes) {
            return ParsedRecord.unreadable("too_large", "record of " + line.length() + " bytes is over the limit of "
                    + maxBytes, excerpt(line.bytes()));
        }
        String decoded;
        try {
            decoded = decodeStrict(line.bytes());
        } catch (MalformedInputException e) {
            return ParsedRecord.unreadable("invalid_utf8", "invalid UTF-8 at byte " + firstBadByte(line.bytes()),
                    excerpt(line.bytes()));
        } catch (CharacterCodingException e) {
            return ParsedRecord.unreadable("invalid_utf8", e.getMessage(), excerpt(line.bytes()));
        }
        JsonNode node;
        try {
            node = JSON.readTree(decoded);
        } catch (JsonProcessingException e) {
            return ParsedRecord.unreadable("bad_json", e.getOriginalMessage().replace('\n', ' '), excerpt(line.bytes()));
        }
        if (node == null || !node.isObject()) {
            return ParsedRecord.unreadable("not_an_object", "a JSON line must hold an object", excerpt(line.bytes()));
        }
        JsonNode text = node.get(textField);
        if (text == null) {
            return ParsedRecord.unreadable("missing_text", "no field '" + textField + "'", excerpt(line.bytes()));
        }
        if (text.isNull()) {
            return ParsedRecord.unreadable("null_text", "field '" + textField + "' is null", excerpt(line.bytes()));
        }
        if (!text.isTextual()) {
            return ParsedRecord.unreadable("text_not_string", "field '" + textField + "' is a " + text.getNodeType(),
                    excerpt(line.bytes()));
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
                    excerpt(content));
        }
        try {
            String text = decodeStrict(content);
            return ParsedRecord.document(contentId(text), text, null, Map.of());
        } catch (CharacterCodingException e) {
            return ParsedRecord.unreadable("invalid_utf8", "invalid UTF-8 at byte " + firstBadByte(content),
                    excerpt(content));
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

    private static String decodeStrict(byte[] bytes) throws CharacterCodingException {
        // The lenient decoder is the JDK's fastest path and marks every malformed sequence with U+FFFD;
        // only text that holds U+FFFD is decoded again strictly, to tell a real one from an error.
        String lenient = new String(bytes, StandardCharsets.UTF_8);
        if (lenient.indexOf('\uFFFD') < 0) {
            return lenient;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
        return chars.toString();
    }

    private static int firstBadByte(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        return in.position();
    }

    /** The first bytes of a record, invalid UTF-8 shown as U+FFFD, for the quarantine's raw column. */
    private String excerpt(byte[] bytes) {
        int n = Math.min(bytes.length, excerptBytes);
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }
}
