package io.sparkllm.model.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the parts of a Hugging Face tokenizer.json that every tokenizer here writes the same way. */
final class HuggingFaceJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private HuggingFaceJson() {
    }

    static ObjectNode document(AddedTokens added, HuggingFaceComponents components, ObjectNode model) {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("version", "1.0");
        doc.putNull("truncation");
        doc.putNull("padding");
        ArrayNode tokens = doc.putArray("added_tokens");
        for (AddedTokens.Token t : added.tokens()) {
            ObjectNode o = tokens.addObject();
            o.put("id", t.id());
            o.put("content", t.content());
            o.put("single_word", false);
            o.put("lstrip", false);
            o.put("rstrip", false);
            o.put("normalized", t.normalized());
            o.put("special", t.special());
        }
        doc.set("normalizer", components.normalizer());
        doc.set("pre_tokenizer", components.preTokenizer());
        doc.set("post_processor", components.postProcessor());
        doc.set("decoder", components.decoder());
        doc.set("model", model);
        return doc;
    }

    static ObjectNode vocabObject(Vocabulary vocab) {
        ObjectNode o = MAPPER.createObjectNode();
        String[] tokens = vocab.tokensById();
        for (int id = 0; id < tokens.length; id++) {
            if (tokens[id] != null) {
                o.put(tokens[id], id);
            }
        }
        return o;
    }

    static ObjectNode bpeModel(Vocabulary vocab, PairMergeTable merges, String unkToken, boolean fuseUnk,
                               boolean byteFallback, String continuingSubwordPrefix, String endOfWordSuffix) {
        ObjectNode m = MAPPER.createObjectNode();
        m.put("type", "BPE");
        m.putNull("dropout");
        m.put("unk_token", unkToken);
        m.put("continuing_subword_prefix", continuingSubwordPrefix);
        m.put("end_of_word_suffix", endOfWordSuffix);
        m.put("fuse_unk", fuseUnk);
        m.put("byte_fallback", byteFallback);
        m.set("vocab", vocabObject(vocab));
        ArrayNode list = m.putArray("merges");
        int[][] pairs = merges.pairsByRank();
        boolean spaced = false;
        for (int[] pair : pairs) {
            spaced |= vocab.token(pair[0]).indexOf(' ') >= 0 || vocab.token(pair[1]).indexOf(' ') >= 0;
        }
        for (int[] pair : pairs) {
            if (spaced) {
                list.addArray().add(vocab.token(pair[0])).add(vocab.token(pair[1])); // the newer form
            } else {
                list.add(vocab.token(pair[0]) + " " + vocab.token(pair[1]));
            }
        }
        return m;
    }
}
