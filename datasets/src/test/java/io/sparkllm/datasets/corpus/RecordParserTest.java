package io.sparkllm.datasets.corpus;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecordParserTest {
    private final RecordParser parser = new RecordParser("text", "id", "lang", 200, 40);

    private static List<ByteLines.Line> lines(byte[] bytes, int keep) {
        List<ByteLines.Line> out = new ArrayList<>();
        new ByteLines(new ByteArrayInputStream(bytes), keep).forEachRemaining(out::add);
        return out;
    }

    private ParsedRecord parse(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return parser.parseJsonLine(new ByteLines.Line(1, 0, b.length, b));
    }

    @Test
    void linesKeepNumbersAndOffsetsSkipBlanksAndDropCarriageReturns() {
        List<ByteLines.Line> got = lines("a\r\n\nbb\n\nccc".getBytes(StandardCharsets.UTF_8), 100);
        assertThat(got).extracting(ByteLines.Line::number).containsExactly(1L, 3L, 5L);
        assertThat(got).extracting(ByteLines.Line::offset).containsExactly(0L, 4L, 8L);
        assertThat(got).extracting(l -> new String(l.bytes(), StandardCharsets.UTF_8)).containsExactly("a", "bb", "ccc");
    }

    @Test
    void blankLinesCanBeKeptForLineAlignedFiles() {
        List<ByteLines.Line> got = new ArrayList<>();
        new ByteLines(new ByteArrayInputStream("a\r\n\nbb\n\n".getBytes(StandardCharsets.UTF_8)), 100, true)
                .forEachRemaining(got::add);
        assertThat(got).extracting(ByteLines.Line::number).containsExactly(1L, 2L, 3L, 4L);
        assertThat(got).extracting(l -> new String(l.bytes(), StandardCharsets.UTF_8)).containsExactly("a", "", "bb", "");
    }

    @Test
    void aHugeLineIsMeasuredButOnlyItsStartKept() {
        byte[] big = ("x".repeat(5000) + "\nshort\n").getBytes(StandardCharsets.UTF_8);
        List<ByteLines.Line> got = lines(big, 64);
        assertThat(got.get(0).length()).isEqualTo(5000);
        assertThat(got.get(0).bytes()).hasSize(64);
        assertThat(got.get(0).truncated()).isTrue();
        assertThat(got.get(1).offset()).isEqualTo(5001);
    }

    @Test
    void aGoodRecordKeepsItsFieldsAndTheRestAsMeta() {
        ParsedRecord r = parse("{\"id\": 7, \"text\": \"Hallo Welt\", \"lang\": \"de\", \"url\": \"https://x\", \"n\": 3}");
        assertThat(r.readable()).isTrue();
        assertThat(r.id()).isEqualTo("7");
        assertThat(r.text()).isEqualTo("Hallo Welt");
        assertThat(r.lang()).isEqualTo("de");
        assertThat(r.meta()).containsEntry("url", "https://x").containsEntry("n", "3").hasSize(2);
    }

    @Test
    void aMissingIdIsAStableHashOfTheText() {
        ParsedRecord a = parse("{\"text\": \"same words\"}");
        ParsedRecord b = parse("{\"text\": \"same words\", \"lang\": \"en\"}");
        assertThat(a.id()).hasSize(32).isEqualTo(b.id()).isEqualTo(RecordParser.contentId("same words"));
    }

    @Test
    void everyUnreadableRecordHasANamedRule() {
        assertThat(parse("{\"text\": \"unterminated").errorRule()).isEqualTo("bad_json");
        assertThat(parse("[1, 2]").errorRule()).isEqualTo("not_an_object");
        assertThat(parse("{\"body\": \"x\"}").error()).isEqualTo("missing_text: no field 'text'");
        assertThat(parse("{\"text\": null}").error()).isEqualTo("null_text: field 'text' is null");
        assertThat(parse("{\"text\": 42}").error()).isEqualTo("text_not_string: field 'text' is a NUMBER");
        assertThat(parse("{\"text\": \"" + "y".repeat(300) + "\"}").errorRule()).isEqualTo("too_large");
        byte[] bad = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', 'c', 'a', 'f', (byte) 0xC3, (byte) 0x28, '"', '}'};
        ParsedRecord utf8 = parser.parseJsonLine(new ByteLines.Line(4, 10, bad.length, bad));
        assertThat(utf8.error()).isEqualTo("invalid_utf8: invalid UTF-8 at byte 12");
        assertThat(utf8.rawExcerpt()).startsWith("{\"text\":\"caf");
    }

    /**
     * UTF-8 is checked as a strict decoder checks it, whatever the bytes: valid and malformed
     * sequences (overlong forms, surrogates, code points past U+10FFFF, cut sequences) and a real
     * U+FFFD, which the check must not take for an error.
     */
    @Test
    void utf8IsReadableExactlyWhenAStrictDecoderAcceptsIt() {
        RecordParser roomy = new RecordParser("text", "id", "lang", 1000, 40);
        List<byte[]> payloads = new ArrayList<>(List.of(
                "plain".getBytes(StandardCharsets.UTF_8), "déjà 文字 \uD83D\uDE00".getBytes(StandardCharsets.UTF_8),
                "real \uFFFD here".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80,
                    (byte) 0x80}, new byte[] {(byte) 0xE6, (byte) 0x96}, new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD}));
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[1 + random.nextInt(6)];
            for (int k = 0; k < b.length; k++) {
                b[k] = (byte) (0x80 + random.nextInt(0x80));
                if (random.nextInt(4) == 0) {
                    b[k] = (byte) ('a' + random.nextInt(26));
                }
            }
            payloads.add(b);
        }
        for (byte[] payload : payloads) {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            line.writeBytes("{\"text\": \"".getBytes(StandardCharsets.UTF_8));
            line.writeBytes(payload);
            line.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
            byte[] b = line.toByteArray();
            String strict;
            try {
                strict = StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(payload)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                strict = null;
            }
            ParsedRecord r = roomy.parseJsonLine(new ByteLines.Line(1, 0, b.length, b));
            if (strict == null) {
                assertThat(r.errorRule()).as(java.util.HexFormat.of().formatHex(payload)).isEqualTo("invalid_utf8");
            } else if (r.readable()) {
                assertThat(r.text()).isEqualTo(strict);
            } else {
                assertThat(r.errorRule()).as(java.util.HexFormat.of().formatHex(payload)).isNotEqualTo("invalid_utf8");
            }
        }
    }

    @Test
    void textFilesBecomeOneDocumentEach() {
        byte[] code = "def f():\n    return 1\n".getBytes(StandardCharsets.UTF_8);
        ParsedRecord r = parser.parseTextFile(code, code.length);
        assertThat(r.text()).isEqualTo("def f():\n    return 1\n");
        assertThat(r.id()).isEqualTo(RecordParser.contentId(r.text()));
        assertThat(parser.parseTextFile(new byte[] {(byte) 0xFF}, 1).errorRule()).isEqualTo("invalid_utf8");
        assertThat(parser.parseTextFile(new byte[10], 10_000).errorRule()).isEqualTo("too_large");
    }
}
