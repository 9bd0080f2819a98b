package io.sparkllm.model.tokenizer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** LLaMA's SentencePiece-style BPE (byte fallback, {@code <s>} added) against Hugging Face on every shared text. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LlamaExactnessTest {
    private final Path file = Corpora.shared().resolve("tokenizers/llama/tokenizer.json");
    private Map<String, List<String>> corpora;
    private final Map<String, List<int[]>> reference = new LinkedHashMap<>();
    private Tokenizer llama;

    @BeforeAll
    void computeReference() throws Exception {
        corpora = Corpora.all();
        try (HuggingFaceReference hf = new HuggingFaceReference(file)) {
            for (Map.Entry<String, List<String>> c : corpora.entrySet()) {
                reference.put(c.getKey(), hf.encodeAll(c.getValue()));
            }
        }
        llama = TokenizerFiles.load(file);
    }

    @Test
    void matchesHuggingFaceOnEveryText() {
        ExactnessReport.assertExact("llama", corpora, reference, llama);
    }

    @Test
    void bytesMissingFromTheVocabularyFallBackAndDecodeBack() {
        String text = "naïve 🦙 tokenizer";
        int[] ids = llama.encode(text);
        assertThat(ids[0]).isEqualTo(1);
        assertThat(llama.idToToken(ids[ids.length - 1])).isEqualTo("izer");
        assertThat(java.util.Arrays.stream(ids).mapToObj(llama::idToToken)).contains("<0xF0>", "<0x9F>");
        assertThat(llama.decode(ids, true)).isEqualTo(text);
    }

    @Test
    void specialTokensMatchWithTheSpaceBeforeThemAsHuggingFaceDoes() throws Exception {
        List<String> texts = List.of("a <s> b", "a<s>b", "<s>", " </s> x", "x <unk>", "");
        try (HuggingFaceReference hf = new HuggingFaceReference(file)) {
            List<int[]> expected = hf.encodeAll(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertThat(llama.encode(texts.get(i))).as(texts.get(i)).containsExactly(expected.get(i));
            }
        }
    }

    @Test
    void decodeOfEncodeGivesTheTextBack() {
        for (String text : corpora.get("humaneval-x")) {
            assertThat(llama.decode(llama.encode(text, false))).isEqualTo(text);
        }
    }

    @Test
    void savedTokenizerJsonLoadsInHuggingFaceWithTheSameIds(@TempDir Path tmp) throws Exception {
        Path saved = tmp.resolve("tokenizer.json");
        TokenizerFiles.save(llama, saved);
        List<String> texts = corpora.get("multi30k").subList(0, 5000);
        try (HuggingFaceReference hf = new HuggingFaceReference(saved)) {
            List<int[]> ids = hf.encodeAll(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertThat(ids.get(i)).as(texts.get(i)).containsExactly(reference.get("multi30k").get(i));
            }
        }
    }
}
