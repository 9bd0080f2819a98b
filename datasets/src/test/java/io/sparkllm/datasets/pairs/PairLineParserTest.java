package io.sparkllm.datasets.pairs;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PairLineParserTest {
    private final PairLineParser parser = new PairLineParser(0, 1, "translation.de", "translation.en", 20);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void tsvTakesTheConfiguredColumns() {
        assertThat(parser.tsv(b("Ein Hund.\tA dog.\textra"), false)).isEqualTo(PairLine.pair("Ein Hund.", "A dog."));
        assertThat(new PairLineParser(2, 0, "de", "en", 20).tsv(b("A dog.\tx\tEin Hund."), false))
                .isEqualTo(PairLine.pair("Ein Hund.", "A dog."));
        // An empty column is an empty side (a rule's business), not an unreadable line.
        assertThat(parser.tsv(b("\tA dog."), false)).isEqualTo(PairLine.pair("", "A dog."));
        PairLine one = parser.tsv(b("only one column"), false);
        assertThat(one.readable()).isFalse();
        assertThat(one.error()).isEqualTo("bad_tsv: expected at least 2 tab-separated columns, found 1");
        assertThat(one.raw()).isEqualTo("only one column");
    }

    @Test
    void jsonReadsDottedFields() {
        assertThat(parser.json(b("{\"translation\": {\"de\": \"Ein Hund.\", \"en\": \"A dog.\"}}"), false))
                .isEqualTo(PairLine.pair("Ein Hund.", "A dog."));
        assertThat(parser.json(b("{\"translation\": {\"de\": \"Ein Hund.\"}}"), false).error())
                .isEqualTo("missing_field: no field 'translation.en'");
        assertThat(parser.json(b("{\"translation\": {\"de\": \"x\", \"en\": 3}}"), false).error())
                .isEqualTo("not_a_string: field 'translation.en' is a NUMBER");
        assertThat(parser.json(b("[1, 2]"), false).error()).startsWith("not_an_object");
        assertThat(parser.json(b("{\"translation\": "), false).error()).startsWith("bad_json");
    }

    @Test
    void mosesLinesMustBeUtf8AndWithinTheLimit() {
        assertThat(parser.moses(b("\uFEFFEin Hund."), false, b("A dog."), false))
                .isEqualTo(PairLine.pair("Ein Hund.", "A dog."));
        PairLine bad = parser.moses(b("Ein Hund."), false, new byte[] {'A', (byte) 0xC3, '('}, false);
        assertThat(bad.error()).isEqualTo("invalid_utf8: target line is not UTF-8");
        assertThat(parser.moses(b("x"), true, b("y"), false).error()).startsWith("too_large: source line");
        assertThat(parser.tsv(b("0123456789012345678901234567890"), true).raw()).hasSize(20);
    }
}
