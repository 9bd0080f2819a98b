package io.sparkllm.datasets.pairs;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PairSplitsTest {
    @Test
    void fileNamesGiveTheSplit() {
        assertThat(PairSplits.fromFileName("train.de.gz")).contains("train");
        assertThat(PairSplits.fromFileName("val.en.gz")).contains("valid");
        assertThat(PairSplits.fromFileName("test_2016_flickr.de.gz")).contains("test");
        assertThat(PairSplits.fromFileName("newstest2014.de")).contains("test");
        assertThat(PairSplits.fromFileName("newsdev2016.en")).contains("valid");
        assertThat(PairSplits.fromFileName("europarl-v7.de-en.tsv")).isEqualTo(Optional.empty());
        // Words, not substrings: "contest" is no test split.
        assertThat(PairSplits.fromFileName("contest.jsonl")).isEmpty();
    }

    @Test
    void theHashSplitFollowsTheFractionsAndIsStable() {
        PairSplits splits = new PairSplits(0.8, 0.1, 0.1, 7);
        Map<String, Integer> n = new HashMap<>();
        for (int i = 0; i < 20000; i++) {
            n.merge(splits.byHash("Satz " + i, "sentence " + i), 1, Integer::sum);
        }
        assertThat(n.get("train") / 20000.0).isCloseTo(0.8, within(0.015));
        assertThat(n.get("valid") / 20000.0).isCloseTo(0.1, within(0.015));
        assertThat(n.get("test") / 20000.0).isCloseTo(0.1, within(0.015));
        assertThat(new PairSplits(0.8, 0.1, 0.1, 7).byHash("Satz 5", "sentence 5"))
                .isEqualTo(splits.byHash("Satz 5", "sentence 5"));
        // Another seed moves some pairs.
        PairSplits other = new PairSplits(0.8, 0.1, 0.1, 8);
        long moved = java.util.stream.IntStream.range(0, 1000)
                .filter(i -> !other.byHash("s" + i, "t" + i).equals(splits.byHash("s" + i, "t" + i))).count();
        assertThat(moved).isGreaterThan(100);
    }

    @Test
    void fractionsMustAddUpToOne() {
        assertThatThrownBy(() -> new PairSplits(0.9, 0.1, 0.1, 1)).hasMessageContaining("add up to 1");
    }

    @Test
    void evaluationSplitsRankFirst() {
        assertThat(PairSplits.rank("test")).isLessThan(PairSplits.rank("valid"));
        assertThat(PairSplits.rank("valid")).isLessThan(PairSplits.rank("train"));
    }
}
