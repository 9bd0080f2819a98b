package io.sparkllm.jobs.eval.bleu;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Real data: Multi30K's 2016 test captions scored against themselves and against degraded copies
 * ({@link Multi30kCaptions#degraded}). Expected lines and values are sacreBLEU 2.6.0's on the same files.
 */
class Multi30kScoresTest {
    private static final List<String> EN = Multi30kCaptions.english();
    private static final List<String> DEGRADED_A = Multi30kCaptions.degraded(EN, 0);
    private static final List<String> DEGRADED_B = Multi30kCaptions.degraded(EN, 1);

    private static String withoutVersion(MetricScore score) {
        return score.format(2).replace("|version:" + Signature.implementationVersion(), "");
    }

    @Test
    void theCaptionsAgainstThemselvesScoreOneHundred() {
        assertThat(EN).hasSize(1000);
        BleuScore bleu = new Bleu().corpusScore(EN, List.of(EN));
        assertThat(withoutVersion(bleu)).isEqualTo("BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp = 100.00 "
                + "100.0/100.0/100.0/100.0 (BP = 1.000 ratio = 1.000 hyp_len = 12955 ref_len = 12955)");
        assertThat(bleu.score()).isCloseTo(100.0, within(1e-12));
        assertThat(new Chrf().corpusScore(EN, List.of(EN)).score()).isEqualTo(100.0);
    }

    @Test
    void aDegradedCopyScoresWhatSacreBleuGives() {
        BleuScore bleu = new Bleu().corpusScore(DEGRADED_A, List.of(EN));
        assertThat(withoutVersion(bleu)).isEqualTo("BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp = 86.29 "
                + "98.3/91.2/87.2/82.5 (BP = 0.963 ratio = 0.964 hyp_len = 12484 ref_len = 12955)");
        assertThat(bleu.score()).isCloseTo(86.29030109287469, within(1e-11));
        assertThat(new Chrf().corpusScore(DEGRADED_A, List.of(EN)).score()).isCloseTo(93.21527044313761, within(1e-11));
        assertThat(new Chrf(Chrf.Settings.CHRF_PLUS_PLUS).corpusScore(DEGRADED_A, List.of(EN)).score())
                .isCloseTo(92.87450296790473, within(1e-11));
    }

    @Test
    void aSecondReferenceRaisesBleuThroughTheClosestLength() {
        BleuScore bleu = new Bleu().corpusScore(DEGRADED_A, List.of(EN, DEGRADED_B));
        assertThat(withoutVersion(bleu)).isEqualTo("BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp = 86.94 "
                + "98.3/91.2/87.2/82.5 (BP = 0.970 ratio = 0.971 hyp_len = 12484 ref_len = 12862)");
        assertThat(bleu.score()).isCloseTo(86.93759882702001, within(1e-11));
        assertThat(new Chrf().corpusScore(DEGRADED_A, List.of(EN, DEGRADED_B)).score())
                .isCloseTo(93.21527044313761, within(1e-11));
    }

    @Test
    void germanWithOtherSettings() {
        List<String> de = Multi30kCaptions.german();
        List<String> degraded = Multi30kCaptions.degraded(de, 2);
        Bleu intlLowercase = new Bleu(Bleu.Settings.DEFAULTS.withTokenize("intl").withLowercase(true));
        assertThat(withoutVersion(intlLowercase.corpusScore(degraded, List.of(de))))
                .isEqualTo("BLEU|nrefs:1|case:lc|eff:no|tok:intl|smooth:exp = 86.97 "
                        + "100.0/92.3/88.0/83.1 (BP = 0.960 ratio = 0.960 hyp_len = 11763 ref_len = 12248)");
        Bleu floor = new Bleu(Bleu.Settings.DEFAULTS.withSmoothing(Smoothing.FLOOR, null));
        assertThat(floor.corpusScore(degraded, List.of(de)).score()).isCloseTo(74.742631070141, within(1e-11));
    }

    @Test
    void sentenceBleuPerCaption() {
        Bleu sentenceBleu = new Bleu(Bleu.Settings.DEFAULTS.withEffectiveOrder(true));
        double[] expected = {66.904844, 89.040719, 91.216791, 78.162753, 100.0};
        for (int i = 0; i < expected.length; i++) {
            assertThat(sentenceBleu.sentenceScore(DEGRADED_A.get(i), List.of(EN.get(i))).score())
                    .as("line %d", i + 1).isCloseTo(expected[i], within(1e-6));
        }
    }

    @Test
    void statisticsSummedInPartsGiveTheCorpusScore() {
        Bleu bleu = new Bleu();
        BleuStatistics firstHalf = BleuStatistics.zero(4);
        BleuStatistics secondHalf = BleuStatistics.zero(4);
        for (int i = 0; i < EN.size(); i++) {
            BleuStatistics s = bleu.statistics(DEGRADED_A.get(i), List.of(EN.get(i)));
            if (i % 2 == 0) {
                firstHalf = firstHalf.plus(s);
            } else {
                secondHalf = secondHalf.plus(s);
            }
        }
        assertThat(bleu.score(secondHalf.plus(firstHalf), "1"))
                .isEqualTo(bleu.corpusScore(DEGRADED_A, List.of(EN)));

        Chrf chrf = new Chrf();
        List<ChrfStatistics> parts = new ArrayList<>();
        for (int i = 0; i < EN.size(); i++) {
            parts.add(chrf.statistics(DEGRADED_A.get(i), List.of(EN.get(i))));
        }
        ChrfStatistics sum = parts.stream().reduce(ChrfStatistics.zero(6), ChrfStatistics::plus);
        assertThat(chrf.fScore(sum)).isEqualTo(chrf.corpusScore(DEGRADED_A, List.of(EN)).score());
    }
}
