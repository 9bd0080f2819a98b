package io.sparkllm.jobs.eval.bleu;

import io.sparkllm.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each tokenizer rule on a small example; every expected output is what sacreBLEU 2.6.0 gives. */
class BleuTokenizerTest {
    private static String tokenize(String name, String text) {
        return BleuTokenizer.named(name).tokenize(text);
    }

    @ParameterizedTest(name = "13a: [{0}]")
    @CsvSource(delimiter = '|', value = {
            "Hello, world!|Hello , world !",
            // Period and comma stay inside numbers; the padding splits off a final period after a number.
            "It cost $1,000.50 in 1999.|It cost $ 1,000.50 in 1999 .",
            "3.14, 2,5 and .5|3.14 , 2,5 and . 5",
            // Non-overlapping passes: each period is split by a different rule.
            "a..b|a . . b",
            // A dash is split only after a digit; the apostrophe never.
            "5-3=2 and co-operate|5 - 3 = 2 and co-operate",
            "don't stop|don't stop",
            // Entities are unescaped in order, once: &amp;quot; gives &quot;, not a quote.
            "&amp;quot; &lt;b&gt; x<skipped>y|& quot ; < b > xy",
    })
    void thirteenA(String input, String expected) {
        assertThat(tokenize("13a", input)).isEqualTo(expected);
    }

    @Test
    void thirteenAJoinsLineBreakHyphenationAndDropsNewlines() {
        assertThat(tokenize("13a", "line-\nbreak\nnext")).isEqualTo("linebreak next");
    }

    @ParameterizedTest(name = "intl: [{0}]")
    @CsvSource(delimiter = '|', value = {
            "Hello, world!|Hello , world !",
            // No padding: mteval-v14 keeps a period that follows a number at the end.
            "in 1999.|in 1999.",
            "It’s 5€ — “ok”.|It ’ s 5 € — “ ok ” .",
            "1,000.50|1,000.50",
            // ² and ½ are numbers (category N), + a symbol.
            "x²+½|x² + ½",
    })
    void international(String input, String expected) {
        assertThat(tokenize("intl", input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "zh: [{0}]")
    @CsvSource(delimiter = '|', value = {
            "我爱北京天安门。|我 爱 北 京 天 安 门 。",
            "GDP增长了5.5%|GDP 增 长 了 5.5 %",
            "' 我们 '|我 们",
            // € (U+20AC) and — (U+2014) fall in the range sacreBLEU's table misreads as U+2001-U+2A6D.
            "它是5€的 — ok.|它 是 5 € 的 — ok .",
            // zh has no padding either.
            "end 5.|end 5.",
    })
    void chinese(String input, String expected) {
        assertThat(tokenize("zh", input)).isEqualTo(expected);
    }

    @Test
    void chineseRangesAreTheOnesSacreBleuEffectivelyUses() {
        assertThat(TokenizerZh.isChineseCharacter('中')).isTrue();
        assertThat(TokenizerZh.isChineseCharacter(0x2019)).isTrue();
        assertThat(TokenizerZh.isChineseCharacter(0x2000)).isFalse();
        assertThat(TokenizerZh.isChineseCharacter(0x2a6e)).isFalse();
        // CJK Extension B is written in sacreBLEU's table but never matched there.
        assertThat(TokenizerZh.isChineseCharacter(0x20000)).isFalse();
        assertThat(tokenize("zh", "a\uD840\uDC00b")).isEqualTo("a\uD840\uDC00b");
    }

    @Test
    void charAndNone() {
        assertThat(tokenize("char", "ab c")).isEqualTo("a b   c");
        assertThat(tokenize("char", "a\uD83D\uDE00")).isEqualTo("a \uD83D\uDE00");
        assertThat(tokenize("none", "a  b\tc ")).isEqualTo("a  b\tc ");
    }

    @Test
    void bleuPreprocessingLowercasesThenStripsThenTokenizes() {
        Bleu bleu = new Bleu(Bleu.Settings.DEFAULTS.withTokenize("none").withLowercase(true));
        assertThat(bleu.preprocess("ΣΑΣ Tab\t ")).isEqualTo("σας tab");
    }

    @Test
    void unknownTokenizerIsRejected() {
        assertThatThrownBy(() -> BleuTokenizer.named("moses")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("13a, intl, zh, char, none");
    }

    /** mteval-v13a on real captions: the first lines of Multi30K's 2016 test set, as sacreBLEU 2.6.0 splits them. */
    @Test
    void thirteenAOnMulti30kCaptions() throws IOException {
        List<String> en = SegmentFile.read(SharedData.path("multi30k/test_2016_flickr.en.gz"));
        List<String> de = SegmentFile.read(SharedData.path("multi30k/test_2016_flickr.de.gz"));
        assertThat(tokenize("13a", en.get(0))).isEqualTo("A man in an orange hat starring at something .");
        assertThat(tokenize("13a", de.get(0))).isEqualTo("Ein Mann mit einem orangefarbenen Hut , der etwas anstarrt .");
        assertThat(tokenize("13a", de.get(1)))
                .isEqualTo("Ein Boston Terrier läuft über saftig-grünes Gras vor einem weißen Zaun .");
    }
}
