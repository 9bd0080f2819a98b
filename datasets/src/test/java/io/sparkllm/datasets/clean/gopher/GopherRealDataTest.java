package io.sparkllm.datasets.clean.gopher;

import io.sparkllm.datasets.testing.SharedData;
import io.sparkllm.datasets.clean.FilterResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Gopher rules on real web text: 300 documents believed to come from C4 (already cleaned
 * by C4's line rules and deduplicated) and 30 raw Common Crawl documents from dolma's fixtures.
 */
class GopherRealDataTest {
    static final String C4_DEMO = "webdocs/llamafactory_c4_demo_en.jsonl";
    static final String RAW_CC = "webdocs/dolma_cc_en.jsonl";



    /** Failures per rule, in rule order, and the number of documents failing any rule. */
    private record Tally(Map<String, Integer> failures, int documents, int rejected) {
        double rejectedShare() {
            return (double) rejected / documents;
        }
    }

    private static Tally measure(List<String> texts) {
        GopherQualityFilter quality = new GopherQualityFilter();
        GopherRepetitionFilter repetition = new GopherRepetitionFilter();
        Map<String, Integer> failures = new LinkedHashMap<>();
        GopherQualityFilter.RULES.forEach(r -> failures.put(r, 0));
        repetition.rules().forEach(r -> failures.put(r, 0));
        int rejected = 0;
        for (String text : texts) {
            List<FilterResult> results = new ArrayList<>(quality.apply(text));
            results.addAll(repetition.apply(text));
            boolean failed = false;
            for (FilterResult r : results) {
                if (!r.passed()) {
                    failures.merge(r.rule(), 1, Integer::sum);
                    failed = true;
                }
            }
            rejected += failed ? 1 : 0;
        }
        return new Tally(failures, texts.size(), rejected);
    }

    @Test
    void gopherRejectsMoreOfRawCommonCrawlThanOfC4() throws IOException {
        List<String> c4Texts = SharedData.texts(C4_DEMO);
        List<String> ccTexts = SharedData.texts(RAW_CC);
        assertThat(c4Texts).hasSize(300);
        assertThat(ccTexts).hasSize(30);
        Tally c4 = measure(c4Texts);
        Tally cc = measure(ccTexts);
        System.out.printf("Gopher on %s: %d of %d rejected (%.3f); failures per rule %s%n", C4_DEMO, c4.rejected(),
                c4.documents(), c4.rejectedShare(), c4.failures());
        System.out.printf("Gopher on %s: %d of %d rejected (%.3f); failures per rule %s%n", RAW_CC, cc.rejected(),
                cc.documents(), cc.rejectedShare(), cc.failures());

        // Measured: 54 of 300 C4 documents (0.18), 8 of 30 raw documents (0.27).
        assertThat(cc.rejectedShare()).isGreaterThan(c4.rejectedShare());
        // C4 dropped every line ending in "..." (or "…", which is not a terminal mark), so no C4
        // document can fail the line-ellipsis rule; the raw crawl has pages of truncated headlines.
        assertThat(c4.failures().get(GopherQualityFilter.ELLIPSIS_LINES_FRAC)).isZero();
        assertThat(cc.failures().get(GopherQualityFilter.ELLIPSIS_LINES_FRAC)).isPositive();
        // Navigation menus and number tables fail the letter-share rule on raw pages; C4's
        // line rules removed nearly all of them.
        assertThat(cc.failures().get(GopherQualityFilter.ALPHA_WORDS_FRAC) / (double) cc.documents())
                .isGreaterThan(c4.failures().get(GopherQualityFilter.ALPHA_WORDS_FRAC) / (double) c4.documents());
    }
}
