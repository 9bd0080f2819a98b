package io.sparkllm.model.tokenizer;

/** A pre-tokenizer that cuts text into words one at a time, without allocating. */
@FunctionalInterface
interface WordSplitter {
    /** The end of the word that starts at {@code start} ({@code start < end}). */
    int wordEnd(String s, int start, int end);

    /** No split: the whole segment is one word (a ByteLevel pre-tokenizer with use_regex false alone). */
    WordSplitter WHOLE = (s, start, end) -> end;
}
