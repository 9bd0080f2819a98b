package io.sparkllm.model.tokenizer;

import java.util.HashMap;
import java.util.Map;

/** Token strings and their ids, both ways. Ids may have gaps (an id without a token). */
final class Vocabulary {
    private final Map<String, Integer> ids;
    private final String[] tokens;

    Vocabulary(Map<String, Integer> tokenToId) {
        this.ids = new HashMap<>(tokenToId);
        int max = -1;
        for (int id : tokenToId.values()) {
            if (id < 0) {
                throw new IllegalArgumentException("negative token id " + id);
            }
            max = Math.max(max, id);
        }
        tokens = new String[max + 1];
        for (Map.Entry<String, Integer> e : tokenToId.entrySet()) {
            tokens[e.getValue()] = e.getKey();
        }
    }

    int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    String token(int id) {
        if (id < 0 || id >= tokens.length || tokens[id] == null) {
            throw new IllegalArgumentException("token id " + id + " is not in the vocabulary (size " + tokens.length + ")");
        }
        return tokens[id];
    }

    /** One past the highest id. */
    int size() {
        return tokens.length;
    }

    /** Tokens by id, the array itself (read only). */
    String[] tokensById() {
        return tokens;
    }
}
