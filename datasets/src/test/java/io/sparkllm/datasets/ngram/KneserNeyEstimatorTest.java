package io.sparkllm.datasets.ngram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KneserNeyEstimatorTest {
    private static final List<List<String>> TOY = sentences(
            "the cat sat on the mat",
            "the dog sat on the log",
            "the cat ate the fish",
            "a dog ate a bone",
            "the cat sat",
            "the dog sat on the cat",
            "a cat sat on a dog",
            "the fish sat on the mat",
            "",
            "the cat sat on the mat");

    static List<List<String>> sentences(String... lines) {
        List<List<String>> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line.isBlank() ? List.of() : List.of(line.trim().split("\\s+")));
        }
        return out;
    }

    static KneserNeyEstimator train(int order, List<List<String>> corpus) {
        KneserNeyEstimator estimator = new KneserNeyEstimator(order);
        corpus.forEach(estimator::addSentence);
        return estimator;
    }

    static ArpaModel roundTrip(KneserNeyEstimator estimator) throws IOException {
        StringWriter arpa = new StringWriter();
        estimator.writeArpa(arpa);
        return ArpaModel.read(new ByteArrayInputStream(arpa.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String[] h(String... words) {
        return words;
    }

    @Test
    void ngramsOfListsOneNGramPerPredictedToken() {
        assertThat(KneserNeyEstimator.ngramsOf(List.of("a", "b"), 3)).containsExactly(
                h("<s>", "a"), h("<s>", "a", "b"), h("a", "b", "</s>"));
        assertThat(KneserNeyEstimator.ngramsOf(List.of("a", "b", "c"), 2)).containsExactly(
                h("<s>", "a"), h("a", "b"), h("b", "c"), h("c", "</s>"));
        assertThat(KneserNeyEstimator.ngramsOf(List.of(), 3)).containsExactly(h("<s>", "</s>"));
        assertThat(KneserNeyEstimator.ngramsOf(List.of("a", "b"), 1)).containsExactly(h("a"), h("b"), h("</s>"));
        assertThatThrownBy(() -> KneserNeyEstimator.ngramsOf(List.of("a", "<s>"), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KneserNeyEstimator.ngramsOf(List.of("a b"), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KneserNeyEstimator.ngramsOf(List.of("a"), 7))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addRejectsWhatNGramsOfNeverProduces() {
        KneserNeyEstimator e = new KneserNeyEstimator(3);
        assertThatThrownBy(() -> e.add(h("a", "b"), 1)).hasMessageContaining("<s>");
        assertThatThrownBy(() -> e.add(h("a", "<s>", "b"), 1)).hasMessageContaining("position 1");
        assertThatThrownBy(() -> e.add(h("a", "</s>", "b"), 1)).hasMessageContaining("position 1");
        assertThatThrownBy(() -> e.add(h("<s>"), 1)).hasMessageContaining("never predicted");
        assertThatThrownBy(() -> e.add(h("a", "b", "c", "d"), 1)).hasMessageContaining("order-3");
        assertThatThrownBy(() -> e.add(h("a", "b", "c"), -1)).hasMessageContaining("negative");
        assertThatThrownBy(() -> new KneserNeyEstimator(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Worked by hand: corpus "a b", "a b", "b"; bigrams; every order falls back to discounts 0.5, 1, 1.5. */
    @Test
    void bigramProbabilitiesMatchAHandComputation() {
        KneserNeyEstimator e = train(2, sentences("a b", "a b", "b"));
        assertThat(e.discounts(1)).isEqualTo(KneserNeyEstimator.Discounts.FALLBACK);
        assertThat(e.discounts(2)).isEqualTo(KneserNeyEstimator.Discounts.FALLBACK);
        ArpaModel m = e.build();
        // Bigram counts: <s> a 2, a b 2, b </s> 3, <s> b 1. Continuation counts: a 1 (<s>), b 2 (a, <s>), </s> 1 (b).
        // Unigrams: total 4, gamma = (0.5*2 + 1*1)/4 = 0.5, uniform over {a, b, </s>, <unk>} = 1/4.
        assertProb(m, h(), "a", (1 - 0.5) / 4 + 0.5 / 4);
        assertProb(m, h(), "b", (2 - 1.0) / 4 + 0.5 / 4);
        assertProb(m, h(), "</s>", (1 - 0.5) / 4 + 0.5 / 4);
        assertProb(m, h(), "<unk>", 0.5 / 4);
        assertProb(m, h(), "never seen", 0.5 / 4);
        // After <s>: a 2, b 1, total 3, gamma = (0.5 + 1)/3.
        double gammaBos = 1.5 / 3;
        assertProb(m, h("<s>"), "a", (2 - 1.0) / 3 + gammaBos * 0.25);
        assertProb(m, h("<s>"), "b", (1 - 0.5) / 3 + gammaBos * 0.375);
        assertProb(m, h("<s>"), "</s>", gammaBos * 0.25);
        // After a: b 2; after b: </s> 3.
        assertProb(m, h("a"), "b", (2 - 1.0) / 2 + (1.0 / 2) * 0.375);
        assertProb(m, h("b"), "</s>", (3 - 1.5) / 3 + (1.5 / 3) * 0.25);
        assertProb(m, h("b"), "a", (1.5 / 3) * 0.25);
        assertThat(m.log10Prob(h(), "<s>")).isEqualTo(-99.0);
    }

    private static void assertProb(ArpaModel m, String[] history, String word, double expected) {
        assertThat(Math.pow(10, m.log10Prob(history, word))).as("p(%s | %s)", word, Arrays.toString(history))
                .isCloseTo(expected, within(1e-6));
    }

    @Test
    void everyHistorysDistributionSumsToOne() throws IOException {
        for (int order = 1; order <= 4; order++) {
            KneserNeyEstimator e = train(order, TOY);
            for (ArpaModel m : List.of(e.build(), roundTrip(e))) {
                List<String> predictable = new ArrayList<>(m.vocabulary());
                predictable.remove("<s>");
                assertThat(predictable).contains("</s>", "<unk>", "cat");
                List<String[]> histories = List.of(h(), h("<s>"), h("the"), h("<s>", "the"), h("the", "cat"),
                        h("cat", "sat"), h("sat", "on", "the"), h("<s>", "a", "dog"), h("fish", "ate"),
                        h("dog", "bone"), h("zebra", "the"), h("the", "zebra"), h("on", "the", "mat"));
                for (String[] history : histories) {
                    double sum = 0;
                    for (String w : predictable) {
                        sum += Math.pow(10, m.log10Prob(history, w));
                    }
                    assertThat(sum).as("order %d, history %s", order, Arrays.toString(history))
                            .isCloseTo(1.0, within(1e-6));
                }
            }
        }
    }

    @Test
    void writtenArpaReadsBackToIdenticalScores() throws IOException {
        KneserNeyEstimator e = train(3, TOY);
        ArpaModel built = e.build();
        ArpaModel read = roundTrip(e);
        assertThat(read.order()).isEqualTo(3);
        for (int n = 1; n <= 3; n++) {
            assertThat(read.ngramCount(n)).isEqualTo(built.ngramCount(n)).isEqualTo(e.ngramCount(n));
        }
        List<List<String>> probes = new ArrayList<>(TOY);
        probes.addAll(sentences("the zebra sat on the bone", "mat the on sat cat the", "a a a a", "fish"));
        for (List<String> sentence : probes) {
            assertThat(read.sentenceLog10Prob(sentence)).as("%s", sentence)
                    .isEqualTo(built.sentenceLog10Prob(sentence));
        }
        for (String w : built.vocabulary()) {
            for (String[] history : List.of(h(), h("<s>"), h("the", "cat"), h("zebra", "on"))) {
                assertThat(read.log10Prob(history, w)).isEqualTo(built.log10Prob(history, w));
            }
        }
        assertThat(read.perplexity(TOY)).isEqualTo(built.perplexity(TOY));
    }

    @Test
    void arpaOutputLooksLikeKenLms() throws IOException {
        KneserNeyEstimator e = train(3, TOY);
        StringWriter out = new StringWriter();
        e.writeArpa(out);
        String arpa = out.toString();
        assertThat(arpa).startsWith("\\data\\\nngram 1=" + e.ngramCount(1) + "\nngram 2=" + e.ngramCount(2)
                + "\nngram 3=" + e.ngramCount(3) + "\n\n\\1-grams:\n");
        assertThat(arpa).endsWith("\n\\end\\\n");
        assertThat(arpa).containsPattern("\n-99\t<s>\t-[0-9.]+\n");
        assertThat(arpa).contains("\n\\3-grams:\n").doesNotContain("E-").doesNotContain("NaN");
        // the highest order carries no backoff; <unk> is listed
        String trigrams = arpa.substring(arpa.indexOf("\\3-grams:"));
        assertThat(trigrams.lines().filter(l -> l.split("\t").length > 4)).isEmpty();
        assertThat(arpa).containsPattern("\n-[0-9.]+\t<unk>\n");
    }

    @Test
    void countsMayBeFedInPiecesAsASparkJobWould() {
        // what a Spark job does: flatMap(ngramsOf) -> reduceByKey(sum) -> collect -> add, here in two partial sums
        Map<List<String>, Long> first = new HashMap<>();
        Map<List<String>, Long> second = new HashMap<>();
        for (int i = 0; i < TOY.size(); i++) {
            for (String[] g : KneserNeyEstimator.ngramsOf(TOY.get(i), 3)) {
                (i % 2 == 0 ? first : second).merge(List.of(g), 1L, Long::sum);
            }
        }
        KneserNeyEstimator fed = new KneserNeyEstimator(3);
        first.forEach((g, c) -> fed.add(g.toArray(new String[0]), c));
        second.forEach((g, c) -> fed.add(g.toArray(new String[0]), c));
        ArpaModel a = fed.build();
        ArpaModel b = train(3, TOY).build();
        for (List<String> sentence : TOY) {
            assertThat(a.sentenceLog10Prob(sentence)).isEqualTo(b.sentenceLog10Prob(sentence));
        }
    }

    @Test
    void incompleteCountsStillGiveANormalisedModel() throws IOException {
        // only full trigrams, without the short <s> n-grams: missing histories are filled in with zero counts
        KneserNeyEstimator e = new KneserNeyEstimator(3);
        e.add(h("x", "y", "z"), 3);
        e.add(h("<s>", "x", "y"), 2);
        e.add(h("y", "z", "</s>"), 1);
        ArpaModel m = roundTrip(e);
        for (String[] history : List.of(h(), h("x"), h("x", "y"), h("<s>", "x"), h("y", "z"))) {
            double sum = 0;
            for (String w : List.of("x", "y", "z", "</s>", "<unk>")) {
                sum += Math.pow(10, m.log10Prob(history, w));
            }
            assertThat(sum).as(Arrays.toString(history)).isCloseTo(1.0, within(1e-6));
        }
    }

    @Test
    void discountsFollowChenAndGoodman() {
        KneserNeyEstimator.Discounts d = KneserNeyEstimator.Discounts.fromCountOfCounts(100, 40, 20, 10);
        double y = 100.0 / (100 + 80);
        assertThat(d.fallback()).isFalse();
        assertThat(d.d1()).isCloseTo(1 - 2 * y * 40 / 100, within(1e-12));
        assertThat(d.d2()).isCloseTo(2 - 3 * y * 20 / 40, within(1e-12));
        assertThat(d.d3Plus()).isCloseTo(3 - 4 * y * 10 / 20, within(1e-12));
        assertThat(KneserNeyEstimator.Discounts.fromCountOfCounts(10, 0, 3, 1))
                .isEqualTo(KneserNeyEstimator.Discounts.FALLBACK);
        // many more n-grams seen three times than twice would make D2 negative
        assertThat(KneserNeyEstimator.Discounts.fromCountOfCounts(1, 1, 100, 1).fallback()).isTrue();
    }
}
