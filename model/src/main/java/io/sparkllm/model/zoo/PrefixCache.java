package io.sparkllm.model.zoo;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The decoder's self-attention keys and values of the prefixes of the last two steps, found by
 * the prefixes' tokens: beam search reorders and prunes its beams between calls, so a row's place
 * in the batch says nothing about its history, its contents do. Older steps are dropped, which
 * keeps the cache to a beam's worth of entries whatever the output length.
 */
final class PrefixCache {
    /** Per decoder layer, the keys and values of every position of one prefix: [heads, length, headSize] each. */
    record History(INDArray[] keys, INDArray[] values) {
    }

    private Map<Key, History> previous = new HashMap<>();
    private Map<Key, History> current = new HashMap<>();

    /** The history of the first {@code length} tokens of {@code prefix}, or null when not cached. */
    History find(int[] prefix, int length) {
        Key key = new Key(Arrays.copyOf(prefix, length));
        History found = current.get(key);
        return found != null ? found : previous.get(key);
    }

    /** Starts a step: what the step before last stored is dropped. */
    void advance() {
        previous = current;
        current = new HashMap<>();
    }

    void put(int[] prefix, History history) {
        current.put(new Key(prefix.clone()), history);
    }

    /** Token ids compared by content (a record compares arrays by identity). */
    private record Key(int[] tokens) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && Arrays.equals(tokens, k.tokens);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(tokens);
        }
    }
}
