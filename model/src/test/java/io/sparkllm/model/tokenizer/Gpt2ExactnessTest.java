package io.sparkllm.model.tokenizer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GPT-2 byte-level BPE against Hugging Face tokenizers on every text of the shared corpora: the
 * same ids, loaded from tokenizer.json and from encoder.json + vocab.bpe, and decode(encode(x)) == x.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Gpt2ExactnessTest {
    private final Path dir = Corpora.shared().resolve("tokenizers/gpt2");
    private Map<String, List<String>> corpora;
    private final Map<String, List<int[]>> reference = new LinkedHashMap<>();

    @BeforeAll
    void computeReference() throws Exception {
        corpora = Corpora.all();
        try (HuggingFaceReference hf = new HuggingFaceReference(dir.resolve("tokenizer.json"))) {
            for (Map.Entry<String, List<String>> c : corpora.entrySet()) {
                reference.put(c.getKey(), hf.encodeAll(c.getValue()));
            }
        }
    }

    private void assertExact(String name, Tokenizer ours) {
        ExactnessReport.assertExact(name, corpora, reference, ours);
    }

    @Test
    void tokenizerJsonMatchesHuggingFaceOnEveryText() {
        assertExact("gpt2(tokenizer.json)", TokenizerFiles.load(dir.resolve("tokenizer.json")));
    }

    @Test
    void encoderJsonAndVocabBpeMatchHuggingFaceOnEveryText() {
        assertExact("gpt2(encoder.json+vocab.bpe)", TokenizerFiles.loadGpt2(dir.resolve("encoder.json"),
                dir.resolve("vocab.bpe")));
    }

    @Test
    void decodeOfEncodeGivesTheTextBack() {
        Tokenizer gpt2 = TokenizerFiles.load(dir);
        for (Map.Entry<String, List<String>> c : corpora.entrySet()) {
            for (String text : c.getValue()) {
                assertThat(gpt2.decode(gpt2.encode(text))).as(c.getKey()).isEqualTo(text);
            }
        }
    }

    @Test
    void savedTokenizerJsonLoadsInHuggingFaceWithTheSameIds(@TempDir Path tmp) throws Exception {
        Path saved = tmp.resolve("tokenizer.json");
        TokenizerFiles.save(TokenizerFiles.loadGpt2(dir.resolve("encoder.json"), dir.resolve("vocab.bpe")), saved);
        List<String> texts = corpora.get("multi30k").subList(0, 5000);
        try (HuggingFaceReference hf = new HuggingFaceReference(saved)) {
            List<int[]> ids = hf.encodeAll(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertThat(ids.get(i)).as(texts.get(i)).containsExactly(reference.get("multi30k").get(i));
            }
        }
        assertThat(TokenizerFiles.load(saved).encode("Hello world<|endoftext|>")).containsExactly(15496, 995, 50256);
    }

    @AfterAll
    void release() {
        reference.clear();
    }
}
