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

/**
 * The checks every JSONL record passes before its fields are looked at: at most {@code maxBytes},
 * strict UTF-8, JSON, an object. A line that fails becomes a named reason ({@code too_large},
 * {@code invalid_utf8}, {@code bad_json}, {@code not_an_object}) with an excerpt of its bytes.
 */
public final class JsonObjectLines implements Serializable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final long maxBytes;
    private final int excerptBytes;

    /** A line read as a JSON object, or the reason it is not one. */
    public record Read(JsonNode object, ParsedRecord unreadable) {
        public boolean ok() {
            return unreadable == null;
        }
    }

    public JsonObjectLines(long maxBytes, int excerptBytes) {
        this.maxBytes = maxBytes;
        this.excerptBytes = excerptBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** How many bytes of a line to keep while reading: enough to parse any line within the limit. */
    public int keepBytes() {
        return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(maxBytes, excerptBytes));
    }

    public Read read(ByteLines.Line line) {
        if (line.length() > maxBytes) {
            return failed("too_large", "record of " + line.length() + " bytes is over the limit of " + maxBytes, line);
        }
        String decoded;
        try {
            decoded = decodeStrict(line.bytes());
        } catch (MalformedInputException e) {
            return failed("invalid_utf8", "invalid UTF-8 at byte " + firstBadByte(line.bytes()), line);
        } catch (CharacterCodingException e) {
            return failed("invalid_utf8", e.getMessage(), line);
        }
        JsonNode node;
        try {
            node = JSON.readTree(decoded);
        } catch (JsonProcessingException e) {
            return failed("bad_json", e.getOriginalMessage().replace('\n', ' '), line);
        }
        if (node == null || !node.isObject()) {
            return failed("not_an_object", "a JSON line must hold an object", line);
        }
        return new Read(node, null);
    }

    /** A record that failed a later, format-specific rule, with the same excerpt as the checks above. */
    public ParsedRecord unreadable(String rule, String detail, ByteLines.Line line) {
        return ParsedRecord.unreadable(rule, detail, excerpt(line.bytes()));
    }

    /** The first bytes of a record, invalid UTF-8 shown as U+FFFD, for the quarantine's raw column. */
    public String excerpt(byte[] bytes) {
        int n = Math.min(bytes.length, excerptBytes);
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    private Read failed(String rule, String detail, ByteLines.Line line) {
        return new Read(null, unreadable(rule, detail, line));
    }

    static String decodeStrict(byte[] bytes) throws CharacterCodingException {
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

    static int firstBadByte(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        return in.position();
    }
}
