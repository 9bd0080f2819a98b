package io.sparkllm.datasets.ngram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArpaModelTest {
    /** A hand-written trigram model; expected scores below are worked out by hand from these numbers. */
    static final String TRIGRAM = String.join("\n",
            "made by hand for the test",
            "\\data\\",
            "ngram 1=6",
            "ngram 2=4",
            "ngram 3=2",
            "",
            "\\1-grams:",
            "-2.0\t<unk>",
            "-99\t<s>\t-0.5",
            "-1.0\t</s>",
            "-0.7\ta\t-0.3",
            "-0.6\tb\t-0.2",
            "-0.9\tc",
            "",
            "\\2-grams:",
            "-0.4\t<s> a\t-0.1",
            "-0.3\ta b\t-0.25",
            "-0.5\tb </s>",
            "-0.2\tb c",
            "",
            "\\3-grams:",
            "-0.15\t<s> a b",
            "-0.05\ta b c",
            "",
            "\\end\\",
            "");

    private static final double EPS = 1e-6;

    static ArpaModel read(String text) throws IOException {
        return ArpaModel.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String[] h(String... words) {
        return words;
    }

    @Test
    void readsTheHeaderAndVocabulary() throws IOException {
        ArpaModel m = read(TRIGRAM);
        assertThat(m.order()).isEqualTo(3);
        assertThat(m.ngramCount(1)).isEqualTo(6);
        assertThat(m.ngramCount(2)).isEqualTo(4);
        assertThat(m.ngramCount(3)).isEqualTo(2);
        assertThat(m.vocabulary()).containsExactly("<unk>", "<s>", "</s>", "a", "b", "c");
        assertThat(m.contains("a")).isTrue();
        assertThat(m.contains("zzz")).isFalse();
        assertThat(m.hasUnk()).isTrue();
    }

    @Test
    void listedNGramsScoreTheirOwnProbability() throws IOException {
        ArpaModel m = read(TRIGRAM);
        assertThat(m.log10Prob(h(), "a")).isCloseTo(-0.7, within(EPS));
        assertThat(m.log10Prob(h("<s>"), "a")).isCloseTo(-0.4, within(EPS));
        assertThat(m.log10Prob(h("<s>", "a"), "b")).isCloseTo(-0.15, within(EPS));
        assertThat(m.log10Prob(h("a", "b"), "c")).isCloseTo(-0.05, within(EPS));
        // only the last order-1 history words count
        assertThat(m.log10Prob(h("c", "c", "a", "b"), "c")).isCloseTo(-0.05, within(EPS));
        assertThat(m.log10Prob(h("b"), "<s>")).isCloseTo(-99 - 0.2, within(EPS));
    }

    @Test
    void unlistedNGramsBackOffThroughEveryLongerHistory() throws IOException {
        ArpaModel m = read(TRIGRAM);
        // <s> a c: no trigram, no bigram "a c": p(c) + bo(a) + bo(<s> a)
        assertThat(m.log10Prob(h("<s>", "a"), "c")).isCloseTo(-0.9 - 0.3 - 0.1, within(EPS));
        // a b </s>: bigram "b </s>" + bo(a b)
        assertThat(m.log10Prob(h("a", "b"), "</s>")).isCloseTo(-0.5 - 0.25, within(EPS));
        // b c a: "c a" unlisted, c has no backoff, "b c" has none either
        assertThat(m.log10Prob(h("b", "c"), "a")).isCloseTo(-0.7, within(EPS));
        // <s> c: p(c) + bo(<s>)
        assertThat(m.log10Prob(h("<s>"), "c")).isCloseTo(-0.9 - 0.5, within(EPS));
        // c a b: "c a" is no history in the model, so only the bigram "a b"
        assertThat(m.log10Prob(h("c", "a"), "b")).isCloseTo(-0.3, within(EPS));
    }

    @Test
    void unknownWordsAreScoredAsUnk() throws IOException {
        ArpaModel m = read(TRIGRAM);
        assertThat(m.log10Prob(h("a"), "zzz")).isCloseTo(-2.0 - 0.3, within(EPS));
        assertThat(m.log10Prob(h("a"), "zzz")).isEqualTo(m.log10Prob(h("a"), "<unk>"));
        // unknown history word: <unk> a b unlisted, no backoff for "<unk> a": bigram a b
        assertThat(m.log10Prob(h("qqq", "a"), "b")).isCloseTo(-0.3, within(EPS));
    }

    @Test
    void sentenceScoresAddSentenceStartContextAndEnd() throws IOException {
        ArpaModel m = read(TRIGRAM);
        double ab = -0.4 - 0.15 - 0.75; // p(a|<s>) p(b|<s> a) p(</s>|a b)
        double c = (-0.9 - 0.5) + (-1.0); // p(c|<s>) p(</s>|<s> c): </s> unigram, c and "<s> c" have no backoff
        assertThat(m.sentenceLog10Prob(List.of("a", "b"))).isCloseTo(ab, within(EPS));
        assertThat(m.sentenceLog10Prob(List.of("c"))).isCloseTo(c, within(EPS));
        assertThat(m.sentenceLog10Prob(List.of())).isCloseTo(-1.0 - 0.5, within(EPS));
        assertThat(m.perplexity(List.of(List.of("a", "b")))).isCloseTo(Math.pow(10, -ab / 3), within(EPS));
        assertThat(m.perplexity(List.of(List.of("a", "b"), List.of("c"))))
                .isCloseTo(Math.pow(10, -(ab + c) / 5), within(EPS));
        assertThat(m.perplexity(List.of())).isNaN();
    }

    @Test
    void withoutUnkUnknownWordsGetTheFloorPlusBackoffs() throws IOException {
        String noUnk = TRIGRAM.replace("ngram 1=6", "ngram 1=5").replace("-2.0\t<unk>\n", "");
        ArpaModel m = read(noUnk);
        assertThat(m.hasUnk()).isFalse();
        assertThat(m.log10Prob(h("a"), "zzz")).isCloseTo(ArpaModel.DEFAULT_UNKNOWN_LOG10_PROB - 0.3, within(EPS));
        // an unknown history word cuts the history: only p(b)
        assertThat(m.log10Prob(h("a", "qqq"), "b")).isCloseTo(-0.6, within(EPS));
        ArpaModel floored = ArpaModel.read(new ByteArrayInputStream(noUnk.getBytes(StandardCharsets.UTF_8)), -7);
        assertThat(floored.log10Prob(h(), "zzz")).isCloseTo(-7, within(EPS));
        assertThat(floored.sentenceLog10Prob(List.of("zzz"))).isCloseTo((-7 - 0.5) + (-1.0), within(EPS));
    }

    @Test
    void toleratesSpacesBlankLinesAndCrlf() throws IOException {
        String loose = TRIGRAM.replace("\t", "   ").replace("\n", "\r\n\r\n").replace("ngram 2=4", "ngram 2 = 4");
        ArpaModel strict = read(TRIGRAM);
        ArpaModel m = read(loose);
        for (String[] history : List.of(h(), h("<s>"), h("<s>", "a"), h("a", "b"), h("b", "c"))) {
            for (String w : List.of("a", "b", "c", "</s>", "zzz")) {
                assertThat(m.log10Prob(history, w)).isEqualTo(strict.log10Prob(history, w));
            }
        }
    }

    @Test
    void survivesJavaSerialisation() throws Exception {
        ArpaModel m = read(TRIGRAM);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(m);
        }
        ArpaModel copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (ArpaModel) in.readObject();
        }
        assertThat(copy.sentenceLog10Prob(List.of("a", "b", "c", "zzz")))
                .isEqualTo(m.sentenceLog10Prob(List.of("a", "b", "c", "zzz")));
        assertThat(copy.contains("c")).isTrue();
    }

    private static void assertMalformed(String text, int line, String fragment) {
        assertThatThrownBy(() -> read(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line " + line + ":")
                .hasMessageContaining(fragment);
    }

    @Test
    void malformedInputNamesTheLine() {
        // line numbers of TRIGRAM: 2 \data\, 3-5 counts, 7 \1-grams:, 8-13 unigrams, 15 \2-grams:, 16-19, 21 \3-grams:,
        // 22-23, 25 \end\
        assertMalformed(TRIGRAM.replace("-0.9\tc", "minus\tc"), 13, "'minus'");
        assertMalformed(TRIGRAM.replace("-0.2\tb c", "-0.2\tb"), 19, "found 2");
        assertMalformed(TRIGRAM.replace("-0.2\tb c", "-0.2\tb d"), 19, "'d'");
        assertMalformed(TRIGRAM.replace("-0.05\ta b c", "-0.05\ta b c\t-0.1"), 23, "fields");
        assertMalformed(TRIGRAM.replace("-0.2\tb c", "-0.2\tb </s>"), 19, "repeated 2-gram 'b </s>'");
        assertMalformed(TRIGRAM.replace("-0.9\tc", "-0.9\ta"), 13, "repeated 1-gram");
        assertMalformed(TRIGRAM.replace("ngram 2=4", "ngram 2=5"), 21, "declares 5");
        assertMalformed(TRIGRAM.replace("ngram 3=2", "ngram 3=1"), 23, "more 3-grams");
        assertMalformed(TRIGRAM.replace("ngram 2=4", "ngram two=4"), 4, "ngram N=count");
        assertMalformed(TRIGRAM.replace("ngram 2=4", "ngram 3=4"), 4, "order 2");
        assertMalformed(TRIGRAM.replace("\\2-grams:", "\\3-grams:"), 15, "expected \\2-grams:");
        assertMalformed(TRIGRAM.replace("\\end\\", ""), 26, "\\end\\");
        assertMalformed(TRIGRAM.replace("\\end\\", "\\the end\\"), 25, "\\end\\");
        assertMalformed("just text\n", 2, "\\data\\");
        assertMalformed("\\data\\\n\n\\1-grams:\n", 3, "ngram 1=count");
    }

    @Test
    void readsInfinitiesAndExponents() throws IOException {
        ArpaModel m = read(String.join("\n", "\\data\\", "ngram 1=3", "\\1-grams:", "-inf\t<s>",
                "-3.0103E-1\t</s>", "-0.30103\ta", "\\end\\"));
        assertThat(m.log10Prob(h(), "<s>")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(m.log10Prob(h("<s>"), "</s>")).isCloseTo(-0.30103, within(EPS));
        assertThat(m.log10Prob(h("<s>"), "a")).isCloseTo(-0.30103, within(EPS)); // order 1: no history
        assertThat(m.hasUnk()).isFalse();
    }
}
