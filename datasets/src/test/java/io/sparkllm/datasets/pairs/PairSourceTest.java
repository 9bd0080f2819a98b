package io.sparkllm.datasets.pairs;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PairSourceTest {
    @Test
    void mosesSidesPairUpByNameAndOtherFormatsStandAlone() {
        List<PairSource> units = PairSource.group(List.of("/d/extra.tsv", "/d/test_2016_flickr.de.gz",
                "/d/test_2016_flickr.en.gz", "/d/train.de", "/d/train.en", "/d/wmt.jsonl.gz"), "de", "en");
        assertThat(units).extracting(PairSource::label).containsExactly("/d/extra.tsv",
                "/d/test_2016_flickr.{de,en}.gz", "/d/train.{de,en}", "/d/wmt.jsonl.gz");
        assertThat(units).extracting(PairSource::kind).containsExactly(PairSource.Kind.TSV, PairSource.Kind.MOSES,
                PairSource.Kind.MOSES, PairSource.Kind.JSONL);
        PairSource test = units.get(1);
        assertThat(test.srcFile()).isEqualTo("/d/test_2016_flickr.de.gz");
        assertThat(test.tgtFile()).isEqualTo("/d/test_2016_flickr.en.gz");
        assertThat(test.givenSplit()).isEqualTo("test");
        assertThat(units.get(0).givenSplit()).isNull();
        assertThat(test.missingPartner("de", "en")).isNull();
    }

    @Test
    void aSideWithoutItsPartnerIsAUnitThatNamesTheMissingFile() {
        List<PairSource> units = PairSource.group(List.of("/d/lonely.en.gz"), "de", "en");
        assertThat(units).hasSize(1);
        assertThat(units.get(0).tgtFile()).isNull();
        assertThat(units.get(0).missingPartner("de", "en")).isEqualTo("/d/lonely.de.gz");
    }

    @Test
    void anyOtherFileIsAnErrorNamingIt() {
        assertThatThrownBy(() -> PairSource.group(List.of("/d/train.de", "/d/train.en", "/d/README.md"), "de", "en"))
                .hasMessageStartingWith("not a pair file: /d/README.md");
    }

    @Test
    void idsAreStableAndIgnoreTheDirectory() {
        assertThat(PairId.of("/a/train.{de,en}.gz", 3, "Hund", "dog"))
                .isEqualTo(PairId.of("hdfs://x/b/train.{de,en}.gz", 3, "Hund", "dog"))
                .isNotEqualTo(PairId.of("/a/train.{de,en}.gz", 4, "Hund", "dog"))
                .hasSize(32);
    }
}
