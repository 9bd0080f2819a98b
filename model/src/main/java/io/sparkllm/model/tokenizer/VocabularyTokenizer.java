package io.sparkllm.model.tokenizer;

import java.util.Map;

/**
 * What the vocabulary-based tokenizers answer alike: token and id lookups, the vocabulary's size
 * and the special tokens among the added ones.
 */
abstract class VocabularyTokenizer implements Tokenizer {
    final Vocabulary vocab;
    final AddedTokens added;

    VocabularyTokenizer(Vocabulary vocab, AddedTokens added) {
        this.vocab = vocab;
        this.added = added;
    }

    @Override
    public int tokenToId(String token) {
        return vocab.id(token);
    }

    @Override
    public String idToToken(int id) {
        return vocab.token(id);
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }

    @Override
    public Map<String, Integer> specialTokens() {
        return added.special();
    }
}
