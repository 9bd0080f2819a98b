package io.sparkllm.jobs.eval.bleu;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Python's string and number rules that sacreBLEU's results depend on; expectations are Python 3.11's. */
class PythonTextTest {
    @Test
    void splitUsesPythonsWhitespace() {
        // No-break spaces and U+0085 separate words in Python (not in Character.isWhitespace); U+200B does not.
        assertThat(PythonText.split(" a\u00a0b\u2007c\u202fd\u0085e\u200bf ")).containsExactly("a", "b", "c", "d", "e\u200bf");
        assertThat(PythonText.split(" \t ")).isEmpty();
        assertThat(PythonText.rstrip("a b \u3000\r")).isEqualTo("a b");
        assertThat(PythonText.strip("\u00a0 a b \u2028")).isEqualTo("a b");
    }

    @Test
    void lowerFollowsPythonsFinalSigmaRule() {
        // Java's own toLowerCase gives "ς" after "bㆠ" and "σ" before "䶵": it asks word boundaries.
        assertThat(PythonText.lower("ΣΑΣ bㆠΣ. ΑΣ䶵 Σ")).isEqualTo("σας bㆠσ. ας䶵 σ");
        assertThat(PythonText.lower("ΟΔΟΣ'Α")).isEqualTo("οδοσ'α");
        assertThat(PythonText.lower("İstanbul ẞ")).isEqualTo("i\u0307stanbul ß");
    }

    @Test
    void fixedRoundsTheBinaryValueHalfToEven() {
        assertThat(PythonFormat.fixed(0.125, 2)).isEqualTo("0.12");
        assertThat(PythonFormat.fixed(1.005, 2)).isEqualTo("1.00");
        assertThat(PythonFormat.fixed(2.675, 2)).isEqualTo("2.67");
        assertThat(PythonFormat.fixed(2.5, 0)).isEqualTo("2");
        assertThat(PythonFormat.fixed(1.5, 0)).isEqualTo("2");
        assertThat(PythonFormat.fixed(-0.0001, 1)).isEqualTo("-0.0");
        assertThat(PythonFormat.fixed(100.0, 1)).isEqualTo("100.0");
    }

    @Test
    void segmentFilesSplitOnNewlineOnlyAndRightStrip(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hyp.txt");
        Files.writeString(file, "a b \r\nc\rd\n\n  e\u00a0\nlast", StandardCharsets.UTF_8);
        assertThat(SegmentFile.read(file)).containsExactly("a b", "c\rd", "", "  e", "last");
        Files.writeString(file, "x\n", StandardCharsets.UTF_8);
        assertThat(SegmentFile.read(file)).containsExactly("x");
        Files.writeString(file, "", StandardCharsets.UTF_8);
        assertThat(SegmentFile.read(file)).isEmpty();
    }

    @Test
    void segmentFilesNameTheLineThatIsNotUtf8(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.txt");
        Files.write(file, new byte[] {'o', 'k', '\n', 'b', (byte) 0xff, 'd', '\n'});
        assertThatThrownBy(() -> SegmentFile.read(file)).isInstanceOf(SegmentFile.NotUtf8Exception.class)
                .hasMessage(file + ": line 2 is not valid UTF-8 (byte offset 4)");
    }

    @Test
    void gzipFilesAreRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ref.txt.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("eins\nzwei\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(SegmentFile.read(file)).isEqualTo(List.of("eins", "zwei"));
    }
}
