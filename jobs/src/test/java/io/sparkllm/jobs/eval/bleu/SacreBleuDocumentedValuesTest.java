package io.sparkllm.jobs.eval.bleu;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The values sacreBLEU documents: its README's example and the expected values of its own tests
 * ({@code test/test_bleu.py}, {@code test_sentence_bleu.py}, {@code test_chrf.py} in sacreBLEU 2.x), each with
 * the tolerance sacreBLEU's test uses.
 */
class SacreBleuDocumentedValuesTest {
    private static final List<String> HYPS = List.of("The dog bit the man.", "It wasn't surprising.",
            "The man had just bitten him.");
    private static final List<List<String>> REFS = List.of(
            List.of("The dog bit the man.", "It was not unexpected.", "The man bit him first."),
            List.of("The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."));

    private static String withoutVersion(String text) {
        return text.replace("|version:" + Signature.implementationVersion(), "");
    }

    @Test
    void readmeExample() {
        BleuScore bleu = new Bleu().corpusScore(HYPS, REFS);
        assertThat(withoutVersion(bleu.format(2))).isEqualTo("BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp = 48.53 "
                + "82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)");
        assertThat(bleu.signature().format()).endsWith("|version:sparkllm-" + io.sparkllm.runtime.Version.get());
        ChrfScore chrf = new Chrf().corpusScore(HYPS, REFS);
        assertThat(withoutVersion(chrf.format(2))).isEqualTo("chrF2|nrefs:2|case:mixed|eff:yes|nc:6|nw:0|space:no = 59.73");
        // Not in the README: what sacreBLEU 2.6.0 prints for chrF++ on the same example.
        ChrfScore chrfPlusPlus = new Chrf(Chrf.Settings.CHRF_PLUS_PLUS).corpusScore(HYPS, REFS);
        assertThat(withoutVersion(chrfPlusPlus.format(2))).isEqualTo("chrF2++|nrefs:2|case:mixed|eff:yes|nc:6|nw:2|space:no = 59.15");
    }

    @ParameterizedTest(name = "{0} smooth={1}")
    @CsvSource({
            "13a, exp, 48.530827",
            "none, exp, 49.1919566",
            "intl, exp, 43.91623493",
            "13a, none, 48.530827",
    })
    void corpusBleu(String tokenize, String smoothing, double expected) {
        Bleu bleu = new Bleu(Bleu.Settings.DEFAULTS.withTokenize(tokenize).withSmoothing(Smoothing.named(smoothing), null));
        assertThat(bleu.corpusScore(HYPS, REFS).score()).isCloseTo(expected, within(1e-8));
    }

    @Test
    void emptyHypothesesAreScoredNotDropped() {
        BleuScore score = new Bleu().corpusScore(List.of("", "", ""), REFS);
        assertThat(score.score()).isZero();
        assertThat(score.hypLength()).isZero();
        // The shortest reference of each segment is the closest to nothing: 6 + 5 + 6 (sacreBLEU 2.6.0 agrees).
        assertThat(score.refLength()).isEqualTo(17);
        assertThat(score.brevityPenalty()).isZero();
    }

    /** sacreBLEU's {@code raw_corpus_bleu}: no tokenization, floor smoothing, effective order. */
    private static BleuScore raw(List<String> hyps, List<String> refs, Double floor) {
        Bleu bleu = new Bleu(Bleu.Settings.DEFAULTS.withTokenize("none").withSmoothing(Smoothing.FLOOR, floor)
                .withEffectiveOrder(true));
        return bleu.corpusScore(hyps, List.of(refs));
    }

    @Test
    void rawCorpusBleu() {
        assertThat(raw(List.of("this is a test", "another test"), List.of("ref1", "ref2"), .01).score()).isZero();
        assertThat(raw(List.of("this is a test"), List.of("this is a test"), .01).score() / 100).isCloseTo(1.0, within(1e-8));
        assertThat(raw(List.of("this is a fest"), List.of("this is a test"), .01).score() / 100)
                .isCloseTo(0.223606797749979, within(1e-8));
    }

    @Test
    void effectiveOrder() {
        assertThat(raw(List.of("test"), List.of("a test"), .01).score() / 100).isCloseTo(0.3678794411714425, within(1e-8));
        assertThat(raw(List.of("a test"), List.of("a test"), .01).score() / 100).isCloseTo(1.0, within(1e-8));
        assertThat(raw(List.of("a little test"), List.of("a test"), .01).score() / 100)
                .isCloseTo(0.03218297948685433, within(1e-8));
    }

    @Test
    void statisticsAndFloorOffset() {
        List<String> hyp = List.of("am I am a character sequence");
        List<String> ref = List.of("I am a symbol string sequence a a");
        BleuScore score = raw(hyp, ref, .01);
        assertThat(score.counts()).containsExactly(4, 2, 1, 0);
        assertThat(score.totals()).containsExactly(6, 5, 4, 3);
        assertThat(raw(hyp, ref, 0.0).score()).isZero();
        assertThat(raw(hyp, ref, null).score() / 100).isCloseTo(0.1555722182, within(1e-8));
    }

    @Test
    void scoringFromStatistics() {
        BleuStatistics stats = new BleuStatistics(11, 11, new long[] {9, 7, 5, 3}, new long[] {10, 8, 6, 4});
        // compute_bleu's default smoothing is 'none'.
        assertThat(Bleu.compute(stats, Smoothing.NONE, null, false).score() / 100).isCloseTo(0.8375922397, within(1e-8));
    }

    @ParameterizedTest(name = "matches {0} totals {1} lengths {2}/{3} floor {4}")
    @CsvSource({
            "0 0 0 0, 4 4 2 1, 0, 1, 0.0",
            "0 0 0 0, 10 11 12 0, 14, 10, 0.0",
            "0 0 0 0, 0 0 0 0, 0, 0, 0.0",
            "6 5 4 0, 6 5 4 3, 6, 6, 0.0",
            "0 0 0 0, 0 0 0 0, 0, 0, 0.1",
            "0 0 0 0, 0 0 0 0, 1, 5, 0.01",
    })
    void degenerateStatisticsScoreZero(String matches, String totals, long hypLength, long refLength, double floor) {
        BleuStatistics stats = new BleuStatistics(hypLength, refLength, longs(matches), longs(totals));
        assertThat(Bleu.compute(stats, Smoothing.FLOOR, floor, false).score()).isEqualTo(0.0);
    }

    private static long[] longs(String spaced) {
        return java.util.Arrays.stream(spaced.split(" ")).mapToLong(Long::parseLong).toArray();
    }

    @ParameterizedTest(name = "order {0}")
    @CsvSource({"1, 77.65", "2, 60.50", "3, 53.93", "4, 48.53", "5, 46.14", "6, 43.28"})
    void maxNgramOrder(int order, String expected) {
        BleuScore score = new Bleu(Bleu.Settings.DEFAULTS.withMaxNgramOrder(order)).corpusScore(HYPS, REFS);
        assertThat(PythonFormat.fixed(score.score(), 2)).isEqualTo(expected);
        assertThat(score.precisions()).hasSize(order);
    }

    private static final String SENTENCE_REF = "producţia de zahăr brut se exprimă în zahăr alb;";
    private static final String SENTENCE_SYS = "Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;";

    @ParameterizedTest(name = "{0} {1} lowercase={2} {3}")
    @CsvSource(nullValues = "null", value = {
            "exp, null, false, 13a, 8.493",
            "none, null, false, 13a, 0.0",
            "floor, null, false, 13a, 4.51688",
            "floor, 0.1, false, 13a, 4.51688",
            "floor, 0.5, false, 13a, 10.10",
            "add-k, null, false, 13a, 14.882",
            "add-k, 1, false, 13a, 14.882",
            "add-k, 2, false, 13a, 21.389",
            "exp, null, false, none, 7.347",
            "exp, null, false, intl, 8.493",
            "exp, null, false, char, 40.8759",
            "exp, null, true, char, 42.0267",
    })
    void sentenceBleu(String smoothing, Double value, boolean lowercase, String tokenize, double expected) {
        Bleu bleu = new Bleu(new Bleu.Settings(tokenize, lowercase, Smoothing.named(smoothing), value, true, 4));
        assertThat(bleu.sentenceScore(SENTENCE_SYS, List.of(SENTENCE_REF)).score()).isCloseTo(expected, within(1e-3));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(nullValues = "null", value = {"exp, null", "none, null", "floor, null", "floor, 0.1", "add-k, null", "add-k, 1"})
    void sentenceWithoutAnyMatchIsZero(String smoothing, Double value) {
        Bleu bleu = new Bleu(new Bleu.Settings("13a", false, Smoothing.named(smoothing), value, true, 4));
        assertThat(bleu.sentenceScore("this is a cat", List.of("okay thanks")).score()).isEqualTo(0.0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.|Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.|39.14078509",
            "Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.|A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.|31.22557079",
            "Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.|Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.|57.15704367",
    })
    void sentenceChrfWithEpsilonSmoothing(String hyp, String ref, double expected) {
        Chrf chrf = new Chrf(Chrf.Settings.CHRF.withEpsSmoothing(true));
        assertThat(chrf.sentenceScore(hyp, List.of(ref)).score()).isCloseTo(expected, within(1e-4));
    }

    /** test_chrf.py's cases: char order 6, beta 3; one or two segments separated by '|'. */
    @ParameterizedTest(name = "eps={0}: [{1}] vs [{2}]")
    @CsvSource(delimiter = ';', value = {
            "true; abcdefg; hijklmnop; 0.0",
            "true; a; b; 0.0",
            "true; ''; b; 0.0",
            "true; ''; ref; 0.0",
            "true; ''; reference; 0.0",
            "true; aa; ab; 8.3333",
            "true; a|b; a|c; 8.3333",
            "true; a; a; 16.6667",
            "true; a b c; a b c; 50.0",
            "true; a b c; abc; 50.0",
            "true; ' risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .'; 'risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .'; 63.361730",
            "true; ' Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. '; 'Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.'; 64.1302698",
            "true; Niemand hat die Absicht, eine Mauer zu errichten; Niemand hat die Absicht, eine Mauer zu errichten; 100.0",
            "false; a; a; 100.0",
            "false; ''; reference; 0.0",
            "false; a b c; a b c; 100.0",
            "false; a b c; abc; 100.0",
            "false; ''; c; 0.0",
            "false; a|b; a|c; 50.0",
            "false; aa; ab; 25.0",
    })
    void corpusChrfBeta3(boolean eps, String hyps, String refs, double expected) {
        Chrf chrf = new Chrf(Chrf.Settings.CHRF.withBeta(3).withEpsSmoothing(eps));
        List<String> hypList = List.of(hyps.split("\\|", -1));
        List<String> refList = List.of(refs.split("\\|", -1));
        assertThat(chrf.corpusScore(hypList, List.of(refList)).score()).isCloseTo(expected, within(1e-4));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich.|Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.|67.3481606",
            "risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .|risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .|65.2414427",
    })
    void chrfKeepingWhitespace(String hyp, String ref, double expected) {
        Chrf chrf = new Chrf(Chrf.Settings.CHRF.withBeta(3).withWhitespace(true));
        assertThat(chrf.corpusScore(List.of(hyp), List.of(List.of(ref))).score()).isCloseTo(expected, within(1e-4));
    }
}
