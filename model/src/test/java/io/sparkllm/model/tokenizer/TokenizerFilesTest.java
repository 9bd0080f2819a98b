package io.sparkllm.model.tokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenizerFilesTest {
    @Test
    void anUnsupportedComponentIsOneLineNamingTheFileAndThePart(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("tokenizer.json");
        String gpt2 = Files.readString(Corpora.shared().resolve("tokenizers/gpt2/tokenizer.json"));
        Files.writeString(file, gpt2.replace("\"normalizer\":null", "\"normalizer\":{\"type\":\"NFKC\"}")
                .replace("\"normalizer\": null", "\"normalizer\": {\"type\": \"NFKC\"}"));
        assertThatThrownBy(() -> TokenizerFiles.load(file)).isInstanceOf(TokenizerFormatException.class)
                .hasMessage(file + ": unsupported tokenizer.json component: normalizer 'NFKC' with a byte-level "
                        + "pre-tokenizer");
        Files.writeString(file, "{\"model\":{\"type\":\"Unigram\",\"vocab\":{}}}");
        assertThatThrownBy(() -> TokenizerFiles.load(file))
                .hasMessage(file + ": unsupported tokenizer.json component: model type 'Unigram'");
    }

    @Test
    void aDirectoryWithoutTokenizerFilesIsNamed(@TempDir Path tmp) {
        assertThatThrownBy(() -> TokenizerFiles.load(tmp)).isInstanceOf(TokenizerFormatException.class)
                .hasMessage(tmp + ": no tokenizer.json, encoder.json + vocab.bpe or vocab.txt in it");
    }

    @Test
    void lookupsAndSpecialTokens() {
        Tokenizer gpt2 = TokenizerFiles.load(Corpora.shared().resolve("tokenizers/gpt2"));
        assertThat(gpt2.vocabSize()).isEqualTo(50257);
        assertThat(gpt2.specialTokens()).containsExactly(java.util.Map.entry("<|endoftext|>", 50256));
        assertThat(gpt2.tokenToId("Ġworld")).isEqualTo(995);
        assertThat(gpt2.idToToken(995)).isEqualTo("Ġworld");
        assertThat(gpt2.tokenToId("no such token")).isEqualTo(-1);
        assertThatThrownBy(() -> gpt2.idToToken(60000)).isInstanceOf(IllegalArgumentException.class);
        Tokenizer llama = TokenizerFiles.load(Corpora.shared().resolve("tokenizers/llama/tokenizer.json"));
        assertThat(llama.specialTokens()).containsOnlyKeys("<unk>", "<s>", "</s>");
    }

    @Test
    void oneTokenizerServesManyThreads() throws Exception {
        Tokenizer gpt2 = TokenizerFiles.load(Corpora.shared().resolve("tokenizers/gpt2"));
        java.util.List<String> texts = Corpora.all().get("multi30k").subList(0, 4000);
        java.util.List<int[]> expected = texts.stream().map(gpt2::encode).toList();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> runs = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t * 1000;
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < texts.size(); i++) {
                        int k = (i + offset) % texts.size();
                        if (!java.util.Arrays.equals(gpt2.encode(texts.get(k)), expected.get(k))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> run : runs) {
                assertThat(run.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }
}
