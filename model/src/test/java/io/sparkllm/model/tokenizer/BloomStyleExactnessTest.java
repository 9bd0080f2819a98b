package io.sparkllm.model.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BLOOM's pre-tokenizer (its Split pattern, then ByteLevel without the GPT-2 pattern) against
 * Hugging Face. BLOOM's own 250k vocabulary is not among the shared data, so the check uses
 * GPT-2's vocabulary and merges with BLOOM's pre-tokenizer: the split and the byte-level BPE over
 * long words are what differs from GPT-2, and they are what this compares.
 */
class BloomStyleExactnessTest {
    @Test
    void matchesHuggingFaceOnRealText(@TempDir Path tmp) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode doc = (ObjectNode) json.readTree(Corpora.shared().resolve("tokenizers/gpt2/tokenizer.json").toFile());
        doc.set("pre_tokenizer", json.readTree("{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Split\","
                + "\"pattern\":{\"Regex\":" + json.writeValueAsString(BloomPreTokenizer.PATTERN) + "},"
                + "\"behavior\":\"Isolated\",\"invert\":false},{\"type\":\"ByteLevel\",\"add_prefix_space\":false,"
                + "\"trim_offsets\":true,\"use_regex\":false}]}"));
        Path file = tmp.resolve("tokenizer.json");
        Files.writeString(file, json.writeValueAsString(doc));

        // Every 5th web document (all 13 languages), HumanEval-X code and Multi30K.
        List<String> web = new ArrayList<>();
        List<String> allWeb = Corpora.all().get("webdocs");
        for (int i = 0; i < allWeb.size(); i += 5) {
            web.add(allWeb.get(i));
        }
        Map<String, List<String>> corpora = new LinkedHashMap<>();
        corpora.put("webdocs(every 5th)", web);
        corpora.put("humaneval-x", Corpora.all().get("humaneval-x"));
        corpora.put("multi30k", Corpora.all().get("multi30k"));
        Map<String, List<int[]>> reference = new LinkedHashMap<>();
        try (HuggingFaceReference hf = new HuggingFaceReference(file)) {
            for (Map.Entry<String, List<String>> c : corpora.entrySet()) {
                reference.put(c.getKey(), hf.encodeAll(c.getValue()));
            }
        }
        Tokenizer ours = TokenizerFiles.load(file);
        assertThat(ours.encode("Hello, world (again)! 你好。", false)).hasSizeGreaterThan(5);
        ExactnessReport.assertExact("bloom-style", corpora, reference, ours);
        Tokenizer gpt2 = TokenizerFiles.load(Corpora.shared().resolve("tokenizers/gpt2"));
        int differFromGpt2 = 0;
        for (String text : corpora.get("humaneval-x")) {
            assertThat(ours.decode(ours.encode(text))).isEqualTo(text);
            differFromGpt2 += java.util.Arrays.equals(ours.encode(text), gpt2.encode(text)) ? 0 : 1;
        }
        assertThat(differFromGpt2).as("texts where BLOOM's split changes the ids").isGreaterThan(400);
    }
}
