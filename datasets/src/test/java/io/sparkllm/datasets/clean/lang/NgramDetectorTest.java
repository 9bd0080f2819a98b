package io.sparkllm.datasets.clean.lang;

import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import io.sparkllm.datasets.clean.TextNormalizer;
import io.sparkllm.datasets.testing.Webdocs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identifier's own run of Optimaize's algorithm gives exactly Optimaize's probabilities (bit
 * for bit, same order) on every webdocs document, at the lengths the identifier reads and at
 * lengths that take Optimaize's short-text path.
 */
class NgramDetectorTest {
    private static LanguageDetector optimaize;
    private static LanguageIdentifier identifier;
    private static List<String> texts;

    @BeforeAll
    static void load() throws IOException {
        optimaize = LanguageDetectorBuilder.create(NgramExtractors.standard())
                .withProfiles(new LanguageProfileReader().readAllBuiltIn()).build();
        identifier = LanguageIdentifier.shared(1000);
        TextNormalizer normalizer = new TextNormalizer(true);
        texts = Webdocs.texts().stream().map(normalizer::normalize).toList();
    }

    /** What the identifier computed before it ran the algorithm itself. */
    private static Map<String, Double> reference(CharSequence prepared) {
        Map<String, Double> result = new LinkedHashMap<>();
        for (DetectedLanguage d : optimaize.getProbabilities(prepared)) {
            result.merge(d.getLocale().getLanguage(), d.getProbability(), Double::sum);
        }
        return result;
    }

    @Test
    void sameProbabilitiesAsOptimaizeOnEveryWebdocsDocument() {
        assertThat(texts).hasSizeGreaterThan(7000);
        int compared = 0;
        for (String text : texts) {
            CharSequence prepared = identifier.prepare(text);
            assertThat(identifier.probabilities(text)).as(text).containsExactlyEntriesOf(reference(prepared));
            compared++;
        }
        assertThat(compared).isEqualTo(texts.size());
    }

    @Test
    void sameProbabilitiesOnShortTextsAndOtherLengths() {
        LanguageIdentifier longer = LanguageIdentifier.shared(2000);
        for (int i = 0; i < texts.size(); i += 7) {
            String text = texts.get(i);
            for (int length : new int[] {0, 1, 3, 12, 30, 49, 50, 51, 52, 200}) {
                String head = text.substring(0, Math.min(length, text.length()));
                assertThat(identifier.probabilities(head)).as(head)
                        .containsExactlyEntriesOf(reference(identifier.prepare(head)));
            }
            assertThat(longer.probabilities(text)).containsExactlyEntriesOf(reference(longer.prepare(text)));
        }
        for (String odd : new String[] {"", " ", "  ", "a", " a ", "12345", "!!!", "\u4e2d\u6587", "\ud83d\ude00 ok"}) {
            assertThat(identifier.probabilities(odd)).as(odd).containsExactlyEntriesOf(reference(identifier.prepare(odd)));
        }
    }
}
