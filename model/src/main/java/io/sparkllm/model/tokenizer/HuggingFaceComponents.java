package io.sparkllm.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * The tokenizer.json parts around the model (normalizer, pre-tokenizer, post-processor, decoder),
 * kept as read so that a saved file says exactly what the loaded one said.
 */
record HuggingFaceComponents(JsonNode normalizer, JsonNode preTokenizer, JsonNode postProcessor, JsonNode decoder) {
    private static final ObjectMapper JSON = new ObjectMapper();

    HuggingFaceComponents {
        normalizer = orNull(normalizer);
        preTokenizer = orNull(preTokenizer);
        postProcessor = orNull(postProcessor);
        decoder = orNull(decoder);
    }

    private static JsonNode orNull(JsonNode node) {
        return node == null ? NullNode.getInstance() : node;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** GPT-2's: byte-level pre-tokenizer, post-processor and decoder, no normalizer. */
    static HuggingFaceComponents gpt2() {
        String byteLevel = "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":true}";
        return new HuggingFaceComponents(null, parse(byteLevel), parse(byteLevel), parse(byteLevel));
    }

    /** BERT's: BertNormalizer, BertPreTokenizer, [CLS] A [SEP] (B [SEP]), WordPiece decoder. */
    static HuggingFaceComponents bert(boolean lowercase, int clsId, int sepId) {
        String normalizer = "{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":true,"
                + "\"strip_accents\":null,\"lowercase\":" + lowercase + "}";
        String cls = "{\"SpecialToken\":{\"id\":\"[CLS]\",\"type_id\":0}}";
        String post = "{\"type\":\"TemplateProcessing\","
                + "\"single\":[" + cls + ",{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},"
                + "{\"SpecialToken\":{\"id\":\"[SEP]\",\"type_id\":0}}],"
                + "\"pair\":[" + cls + ",{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},"
                + "{\"SpecialToken\":{\"id\":\"[SEP]\",\"type_id\":0}},{\"Sequence\":{\"id\":\"B\",\"type_id\":1}},"
                + "{\"SpecialToken\":{\"id\":\"[SEP]\",\"type_id\":1}}],"
                + "\"special_tokens\":{\"[CLS]\":{\"id\":\"[CLS]\",\"ids\":[" + clsId + "],\"tokens\":[\"[CLS]\"]},"
                + "\"[SEP]\":{\"id\":\"[SEP]\",\"ids\":[" + sepId + "],\"tokens\":[\"[SEP]\"]}}}";
        String decoder = "{\"type\":\"WordPiece\",\"prefix\":\"##\",\"cleanup\":true}";
        return new HuggingFaceComponents(parse(normalizer), parse("{\"type\":\"BertPreTokenizer\"}"), parse(post),
                parse(decoder));
    }
}
