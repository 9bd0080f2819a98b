package io.sparkllm.cli;

import io.sparkllm.testing.SharedData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TokenizerCommandTest {
    private final InputStream stdin = System.in;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void restoreStdin() {
        System.setIn(stdin);
    }

    private int run(String input, String... args) {
        out.reset();
        err.reset();
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        return Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void encodesEachLineAndDecodesItBack() {
        String gpt2 = SharedData.path("tokenizers/gpt2").toString();
        assertThat(run("Hello world\n\nnaïve café<|endoftext|>\n", "tokenizer", "encode", "--tokenizer", gpt2)).isZero();
        String ids = stdout();
        assertThat(ids).startsWith("15496 995\n\n").endsWith(" 50256\n");
        assertThat(ids.split("\n", -1)).hasSize(4);
        assertThat(run(ids, "tokenizer", "decode", "--tokenizer", gpt2 + "/tokenizer.json")).isZero();
        assertThat(stdout()).isEqualTo("Hello world\n\nnaïve café<|endoftext|>\n");
    }

    @Test
    void bertVocabularyAddsClsAndSep() {
        String vocab = SharedData.path("tokenizers/bert-base-uncased/vocab.txt").toString();
        assertThat(run("Hello, World!\n", "tokenizer", "encode", "--tokenizer", vocab)).isZero();
        assertThat(stdout()).isEqualTo("101 7592 1010 2088 999 102\n");
        assertThat(run("101 7592 1010 2088 999 102\n", "tokenizer", "decode", "--skip-special-tokens",
                "--tokenizer", vocab)).isZero();
        assertThat(stdout()).isEqualTo("hello, world!\n");
    }

    @Test
    void aBadIdIsOneLineNamingTheLineAndExitCodeOne() {
        String gpt2 = SharedData.path("tokenizers/gpt2").toString();
        assertThat(run("15496\n99999\n", "tokenizer", "decode", "--tokenizer", gpt2)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("sparkllm: line 2: token id 99999 is not in the vocabulary (size 50257)\n");
        assertThat(run("12 abc\n", "tokenizer", "decode", "--tokenizer", gpt2)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("sparkllm: line 1: 'abc' is not a token id\n");
    }

    @Test
    void aMissingFileIsOneLineAndExitCodeTwo() {
        assertThat(run("x\n", "tokenizer", "encode", "--tokenizer", "/no/such/tokenizer.json")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("sparkllm: /no/such/tokenizer.json: no such file or directory\n");
    }
}
