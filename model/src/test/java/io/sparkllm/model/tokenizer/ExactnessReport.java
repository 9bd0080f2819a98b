package io.sparkllm.model.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares our ids with the reference ids text by text and describes the first difference: the
 * corpus, the text's index, the text around it and the tokens of both sides from where they part.
 */
final class ExactnessReport {
    private ExactnessReport() {
    }

    /** Asserts that every text of every corpus gets the reference ids, printing the counts per corpus. */
    static void assertExact(String name, Map<String, List<String>> corpora, Map<String, List<int[]>> reference,
                            Tokenizer ours) {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, List<String>> c : corpora.entrySet()) {
            String failure = compare(name, c.getKey(), c.getValue(), reference.get(c.getKey()), ours);
            if (failure != null) {
                failures.add(failure);
            }
        }
        assertThat(failures).as("texts whose ids differ from Hugging Face").isEmpty();
    }

    /** Null when every text matches, else a description of the first mismatch and the count. */
    static String compare(String tokenizerName, String corpus, List<String> texts, List<int[]> expected,
                          Tokenizer ours) {
        int identical = 0;
        String first = null;
        for (int i = 0; i < texts.size(); i++) {
            int[] actual = ours.encode(texts.get(i));
            if (Arrays.equals(actual, expected.get(i))) {
                identical++;
            } else if (first == null) {
                first = describe(corpus, i, texts.get(i), expected.get(i), actual, ours);
            }
        }
        System.out.printf("exactness %s %s: %d/%d texts identical (%.2f%%)%n", tokenizerName, corpus, identical,
                texts.size(), 100.0 * identical / Math.max(1, texts.size()));
        return first == null ? null
                : tokenizerName + " " + corpus + ": " + (texts.size() - identical) + " of " + texts.size()
                + " texts differ; first: " + first;
    }

    private static String describe(String corpus, int index, String text, int[] expected, int[] actual,
                                   Tokenizer ours) {
        int at = 0;
        while (at < expected.length && at < actual.length && expected[at] == actual[at]) {
            at++;
        }
        int from = Math.max(0, at - 3);
        String context = ours.decode(Arrays.copyOfRange(expected, from, Math.min(expected.length, at + 8)));
        String line = lineAround(text, context);
        return corpus + " text #" + index + " at token " + at + "\n  line: " + line
                + "\n  hugging face: " + tokens(expected, from, at + 8, ours)
                + "\n  ours:         " + tokens(actual, from, at + 8, ours);
    }

    private static String lineAround(String text, String context) {
        int p = text.indexOf(context.strip());
        if (p < 0) {
            p = 0;
        }
        int start = text.lastIndexOf('\n', p) + 1;
        int end = text.indexOf('\n', p);
        String line = text.substring(start, end < 0 ? text.length() : end);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static String tokens(int[] ids, int from, int to, Tokenizer t) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < Math.min(to, ids.length); i++) {
            String token;
            try {
                token = t.idToToken(ids[i]);
            } catch (IllegalArgumentException e) {
                token = "?";
            }
            s.append(ids[i]).append(':').append(token.replace("\n", "\\n")).append(' ');
        }
        return s.toString().trim();
    }
}
