package io.sparkllm.model.tokenizer;

import java.util.function.Consumer;

/** BERT's word split: whitespace separates words and is dropped; each punctuation character is a word of its own. */
final class BertPreTokenizer {
    private BertPreTokenizer() {
    }

    static void split(String text, Consumer<String> words) {
        int start = -1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int next = i + Character.charCount(c);
            if (UnicodeClasses.isWhiteSpace(c) || isPunctuation(c)) {
                if (start >= 0) {
                    words.accept(text.substring(start, i));
                    start = -1;
                }
                if (!UnicodeClasses.isWhiteSpace(c)) {
                    words.accept(text.substring(i, next));
                }
            } else if (start < 0) {
                start = i;
            }
            i = next;
        }
        if (start >= 0) {
            words.accept(text.substring(start));
        }
    }

    /** ASCII punctuation (which includes symbols such as $ + < = > ^ ` | ~) or a Unicode P* character. */
    static boolean isPunctuation(int c) {
        if (c < 0x80) {
            return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
        }
        switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION:
                return true;
            default:
                return false;
        }
    }
}
