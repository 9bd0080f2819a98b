package io.sparkllm.datasets.clean.c4;

import io.sparkllm.datasets.testing.SharedData;
import io.sparkllm.datasets.clean.FilterResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * C4's rules on real web text: documents believed to be C4's own output should come through
 * almost untouched, raw Common Crawl should not.
 */
class C4RealDataTest {
    private static final String C4_DEMO = "webdocs/llamafactory_c4_demo_en.jsonl";
    private static final String RAW_CC = "webdocs/dolma_cc_en.jsonl";



    /** Lines in and kept, lines removed per rule, documents failing each document rule. */
    private record Tally(long inputLines, long keptLines, int documents, int rejected, int changed,
                         Map<String, Integer> removedLines, Map<String, Integer> documentFailures, int citations) {
        double keptShare() {
            return (double) keptLines / inputLines;
        }
    }

    private static Tally measure(C4LineFilter filter, List<String> texts) {
        long in = 0;
        long kept = 0;
        int rejected = 0;
        int changed = 0;
        int citations = 0;
        Map<String, Integer> removed = new LinkedHashMap<>();
        C4LineFilter.LINE_RULES.forEach(r -> removed.put(r, 0));
        Map<String, Integer> failures = new LinkedHashMap<>();
        C4LineFilter.DOCUMENT_RULES.forEach(r -> failures.put(r, 0));
        for (String text : texts) {
            C4Result r = filter.apply(text);
            in += r.inputLines();
            kept += r.keptLines();
            citations += r.citationsRemoved();
            changed += r.keptLines() != r.inputLines() || r.citationsRemoved() > 0 ? 1 : 0;
            rejected += r.passed() ? 0 : 1;
            r.removedLines().forEach((rule, n) -> removed.merge(rule, n, Integer::sum));
            for (FilterResult f : r.documentResults()) {
                if (!f.passed()) {
                    failures.merge(f.rule(), 1, Integer::sum);
                }
            }
        }
        return new Tally(in, kept, texts.size(), rejected, changed, removed, failures, citations);
    }

    private static void report(String name, Tally t) {
        System.out.printf("C4 rules on %s: %d of %d lines kept (%.4f), %d of %d documents changed, %d rejected, "
                        + "%d citations cut; lines removed per rule %s; documents failing %s%n", name, t.keptLines(),
                t.inputLines(), t.keptShare(), t.changed(), t.documents(), t.rejected(), t.citations(),
                t.removedLines(), t.documentFailures());
    }

    @Test
    void c4OutputKeepsItsLinesAndRawCommonCrawlLosesMany() throws IOException {
        List<String> c4Texts = SharedData.texts(C4_DEMO);
        List<String> ccTexts = SharedData.texts(RAW_CC);
        C4LineFilter paper = new C4LineFilter();
        Tally c4 = measure(paper, c4Texts);
        Tally cc = measure(paper, ccTexts);
        report(C4_DEMO, c4);
        report(RAW_CC, cc);

        // Measured: all 2676 lines of the C4 demo are kept. C4 applied these same line rules
        // (with a stricter 5-word minimum and only ASCII '"' as a closing quote), so a line C4
        // kept can only be dropped here by a rule that differs, and none does. The 1% slack is
        // for the unverified provenance of the file, not for the filter.
        assertThat(c4.keptShare()).isGreaterThanOrEqualTo(0.99);
        assertThat(c4.citations()).isZero();
        // Measured: 721 of 1180 raw lines kept (0.61); 459 lack final punctuation.
        assertThat(cc.keptShare()).isLessThan(0.8);
        assertThat(cc.removedLines().get(C4LineFilter.NO_TERMINAL_PUNCT)).isGreaterThan(cc.removedLines().get(C4LineFilter.TOO_FEW_WORDS));
    }

    @Test
    void withTheSettingsC4WasBuiltWithEveryC4DocumentPasses() throws IOException {
        // TFDS's c4_utils shipped 5 words per line and 3 sentences per page, not the paper's
        // 3 and 5. Under the paper's 5-sentence minimum some C4 pages (those with 3 or 4
        // sentences) fail; under the code's settings the C4 demo should pass whole. Measured: 0
        // rejected, 43 under the paper's settings. Our sentence count splits at least as often
        // as punkt on lines ending in a period, so C4's ">= 3" carries over.
        List<String> c4Texts = SharedData.texts(C4_DEMO);
        Tally code = measure(C4LineFilter.builder().minWordsPerLine(5).minSentenceCount(3).build(), c4Texts);
        report(C4_DEMO + " (TFDS settings)", code);
        assertThat(code.rejected()).isZero();
        assertThat(code.keptLines()).isEqualTo(code.inputLines());
    }
}
