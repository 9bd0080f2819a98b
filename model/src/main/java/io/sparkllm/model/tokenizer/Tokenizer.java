package io.sparkllm.model.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * A text tokenizer that gives the same ids as Hugging Face tokenizers for the same files.
 * Implementations are immutable and safe to share between threads.
 */
public interface Tokenizer {
    /** Ids for the text, with the special tokens the model's post-processor adds (as HF's encode does by default). */
    default int[] encode(String text) {
        return encode(text, true);
    }

    /** Ids for the text; {@code addSpecialTokens} adds what the post-processor adds ([CLS]/[SEP], {@code <s>}). */
    int[] encode(String text, boolean addSpecialTokens);

    /** Text for the ids, special tokens included (as HF's decode does by default). */
    default String decode(int[] ids) {
        return decode(ids, false);
    }

    /** Text for the ids; throws {@link IllegalArgumentException} for an id outside the vocabulary. */
    String decode(int[] ids, boolean skipSpecialTokens);

    /** The id of a token string, or -1 when the vocabulary lacks it. */
    int tokenToId(String token);

    /** The token string of an id; throws {@link IllegalArgumentException} for an id outside the vocabulary. */
    String idToToken(int id);

    int vocabSize();

    /** Special tokens (content to id), in id order. */
    Map<String, Integer> specialTokens();

    /** This tokenizer as a Hugging Face {@code tokenizer.json} tree. */
    ObjectNode toHuggingFaceJson();
}
