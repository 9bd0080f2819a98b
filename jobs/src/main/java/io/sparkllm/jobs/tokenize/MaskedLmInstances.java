package io.sparkllm.jobs.tokenize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * BERT pretraining instances from one document, as Google's create_pretraining_data builds them:
 * sentences are gathered into chunks of up to {@code maxTokens} (seq-len minus [CLS] and two
 * [SEP]), each chunk is cut at a random sentence boundary into segment A and its true next
 * segment B. Whether B is replaced by a random segment of another document is decided here
 * ({@link Instance#wantsRandomNext}) and done by the job, which can see other documents.
 */
final class MaskedLmInstances {
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\n+");

    /** Segments A and B of one instance, and whether B should come from another document. */
    record Instance(int[] a, int[] b, boolean wantsRandomNext) {
    }

    /** Encodes a sentence without special tokens. */
    @FunctionalInterface
    interface Encoder {
        int[] encode(String sentence);
    }

    private MaskedLmInstances() {
    }

    static List<Instance> of(String text, Encoder encoder, int maxTokens, SplittableRandom random) {
        List<int[]> sentences = new ArrayList<>();
        for (String sentence : SENTENCE_END.split(text)) {
            if (!sentence.isBlank()) {
                int[] ids = encoder.encode(sentence);
                if (ids.length > 0) {
                    sentences.add(ids);
                }
            }
        }
        List<Instance> out = new ArrayList<>();
        List<int[]> chunk = new ArrayList<>();
        int chunkTokens = 0;
        for (int i = 0; i < sentences.size(); i++) {
            chunk.add(sentences.get(i));
            chunkTokens += sentences.get(i).length;
            if (chunkTokens >= maxTokens || i == sentences.size() - 1) {
                Instance instance = split(chunk, maxTokens, random);
                if (instance != null) {
                    out.add(instance);
                }
                chunk = new ArrayList<>();
                chunkTokens = 0;
            }
        }
        return out;
    }

    /** A at a random sentence boundary (mid-sentence when the chunk is one sentence), B the rest; both trimmed to fit. */
    private static Instance split(List<int[]> chunk, int maxTokens, SplittableRandom random) {
        int[] all = concat(chunk, 0, chunk.size());
        if (all.length < 2) {
            return null;
        }
        int[] a;
        int[] b;
        if (chunk.size() >= 2) {
            int aEnd = 1 + random.nextInt(chunk.size() - 1);
            a = concat(chunk, 0, aEnd);
            b = concat(chunk, aEnd, chunk.size());
        } else {
            a = Arrays.copyOfRange(all, 0, all.length / 2);
            b = Arrays.copyOfRange(all, all.length / 2, all.length);
        }
        boolean randomNext = random.nextBoolean();
        // Trim the longer segment from its end until the pair fits.
        while (a.length + b.length > maxTokens) {
            if (a.length > b.length) {
                a = Arrays.copyOf(a, a.length - 1);
            } else {
                b = Arrays.copyOf(b, b.length - 1);
            }
        }
        return new Instance(a, b, randomNext);
    }

    private static int[] concat(List<int[]> parts, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += parts.get(i).length;
        }
        int[] out = new int[n];
        int at = 0;
        for (int i = from; i < to; i++) {
            System.arraycopy(parts.get(i), 0, out, at, parts.get(i).length);
            at += parts.get(i).length;
        }
        return out;
    }
}
