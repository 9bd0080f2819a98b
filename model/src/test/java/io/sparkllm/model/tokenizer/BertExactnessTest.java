package io.sparkllm.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bert-base-uncased WordPiece against Hugging Face on every shared text. Hugging Face reads the
 * tokenizer.json we save from vocab.txt: the vocabulary with BertNormalizer (clean_text,
 * handle_chinese_chars, lowercase, strip_accents following lowercase), BertPreTokenizer, WordPiece
 * (## prefix, 100 characters per word), [CLS] A [SEP], the five special tokens. So the reference
 * is Hugging Face's implementation of those components, and the file is checked to name them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BertExactnessTest {
    private final Path vocab = Corpora.shared().resolve("tokenizers/bert-base-uncased/vocab.txt");
    private Map<String, List<String>> corpora;
    private final Map<String, List<int[]>> reference = new LinkedHashMap<>();
    private Tokenizer bert;
    private Path saved;

    @BeforeAll
    void computeReference(@TempDir Path tmp) throws Exception {
        corpora = Corpora.all();
        bert = TokenizerFiles.load(vocab.getParent());
        saved = tmp.resolve("tokenizer.json");
        TokenizerFiles.save(bert, saved);
        try (HuggingFaceReference hf = new HuggingFaceReference(saved)) {
            for (Map.Entry<String, List<String>> c : corpora.entrySet()) {
                reference.put(c.getKey(), hf.encodeAll(c.getValue()));
            }
        }
    }

    @Test
    void savedFileDescribesBertBaseUncased() throws Exception {
        JsonNode json = new ObjectMapper().readTree(Files.readString(saved));
        assertThat(json.at("/normalizer/type").asText()).isEqualTo("BertNormalizer");
        assertThat(json.at("/normalizer/lowercase").asBoolean()).isTrue();
        assertThat(json.at("/normalizer/clean_text").asBoolean()).isTrue();
        assertThat(json.at("/normalizer/handle_chinese_chars").asBoolean()).isTrue();
        assertThat(json.at("/pre_tokenizer/type").asText()).isEqualTo("BertPreTokenizer");
        assertThat(json.at("/model/type").asText()).isEqualTo("WordPiece");
        assertThat(json.at("/model/vocab").size()).isEqualTo(30522);
        assertThat(json.at("/model/max_input_chars_per_word").asInt()).isEqualTo(100);
        assertThat(json.at("/added_tokens").size()).isEqualTo(5);
    }

    @Test
    void vocabTxtMatchesHuggingFaceOnEveryText() {
        ExactnessReport.assertExact("bert-base-uncased(vocab.txt)", corpora, reference, bert);
    }

    @Test
    void savedTokenizerJsonLoadsBackWithTheSameIds() {
        ExactnessReport.assertExact("bert-base-uncased(saved tokenizer.json)", Map.of("multi30k",
                corpora.get("multi30k")), Map.of("multi30k", reference.get("multi30k")), TokenizerFiles.load(saved));
    }

    @Test
    void basicTokenizerRules() {
        int[] ids = bert.encode("Héllo, WORLD! 中国人 [MASK]");
        assertThat(java.util.Arrays.stream(ids).mapToObj(bert::idToToken))
                .containsExactly("[CLS]", "hello", ",", "world", "!", "中", "国", "人", "[MASK]", "[SEP]");
        assertThat(bert.encode("x".repeat(101), false)).containsExactly(bert.tokenToId("[UNK]"));
        assertThat(bert.decode(bert.encode("unaffable tokenization"), true)).isEqualTo("unaffable tokenization");
    }
}
