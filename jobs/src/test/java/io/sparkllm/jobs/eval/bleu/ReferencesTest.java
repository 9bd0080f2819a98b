package io.sparkllm.jobs.eval.bleu;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reference streams: variable numbers of references per segment, and the errors a caller can make. */
class ReferencesTest {
    private static final List<String> HYPS = List.of("The dog bit the man.", "It wasn't surprising.",
            "The man had just bitten him.");

    private static String withoutVersion(MetricScore score) {
        return score.format(2).replace("|version:" + Signature.implementationVersion(), "");
    }

    @Test
    void aNullReferenceLeavesItsSegmentWithFewerReferences() {
        List<List<String>> refs = List.of(
                Arrays.asList(null, "It was not unexpected.", "The man bit him first."),
                List.of("The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."));
        // sacreBLEU 2.6.0 on the same input (its README's "variable number of references" example).
        assertThat(withoutVersion(new Bleu().corpusScore(HYPS, refs))).isEqualTo(
                "BLEU|nrefs:var|case:mixed|eff:no|tok:13a|smooth:exp = 29.44 82.4/42.9/27.3/12.5 "
                        + "(BP = 0.889 ratio = 0.895 hyp_len = 17 ref_len = 19)");
        assertThat(withoutVersion(new Chrf().corpusScore(HYPS, refs)))
                .isEqualTo("chrF2|nrefs:var|case:mixed|eff:yes|nc:6|nw:0|space:no = 51.70");
    }

    @Test
    void anEmptyStringIsAnEmptyReferenceNotAMissingOne() {
        List<List<String>> refs = List.of(
                List.of("", "It was not unexpected.", "The man bit him first."),
                List.of("", "No one was surprised.", "The man had bitten the dog."));
        // sacreBLEU 2.6.0 scores '' as a reference of length 0 (its README still says '' is skipped).
        assertThat(withoutVersion(new Bleu().corpusScore(HYPS, refs))).isEqualTo(
                "BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp = 13.98 47.1/14.3/9.1/6.2 "
                        + "(BP = 1.000 ratio = 1.417 hyp_len = 17 ref_len = 12)");
    }

    @Test
    void callerMistakesAreClearErrors() {
        assertThatThrownBy(() -> new Bleu().corpusScore(HYPS, List.of(List.of("a", "b"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference set 1 has 2 segments but there are 3 hypotheses");
        assertThatThrownBy(() -> new Chrf().corpusScore(HYPS, List.of(Arrays.asList("a", null, "c"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("segment 2 has no reference");
        assertThatThrownBy(() -> new Bleu().corpusScore(HYPS, List.of())).hasMessage("no references given");
        assertThatThrownBy(() -> new Bleu().sentenceScore("a", List.of()))
                .hasMessage("a segment needs at least one reference");
    }

    @Test
    void closestReferenceLengthPrefersTheShorterOnATie() {
        assertThat(Bleu.closestLength(5, List.of(7, 3))).isEqualTo(3);
        assertThat(Bleu.closestLength(5, List.of(3, 7))).isEqualTo(3);
        assertThat(Bleu.closestLength(5, List.of(9, 6, 4))).isEqualTo(4);
    }

    @Test
    void chrfTakesTheBestReferencePerSegment() {
        Chrf chrf = new Chrf();
        double alone = chrf.sentenceScore("the cat sat", List.of("a dog ran")).score();
        double withMatch = chrf.sentenceScore("the cat sat", List.of("a dog ran", "the cat sat")).score();
        assertThat(alone).isLessThan(100.0);
        assertThat(withMatch).isEqualTo(100.0);
    }
}
