package io.sparkllm.model.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class Gpt2PreTokenizerTest {
    /** The GPT-2 pattern in java.util.regex, with \s spelled out as Unicode White_Space (as Oniguruma reads it). */
    private static final String WS = "\\x09-\\x0D\\x20\\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";
    private static final Pattern GPT2 = Pattern.compile("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^" + WS
            + "\\p{L}\\p{N}]+|[" + WS + "]+(?![^" + WS + "])|[" + WS + "]+");

    private static List<String> scan(String s) {
        List<String> words = new ArrayList<>();
        for (int pos = 0; pos < s.length(); ) {
            int end = Gpt2PreTokenizer.wordEnd(s, pos, s.length());
            words.add(s.substring(pos, end));
            pos = end;
        }
        return words;
    }

    private static List<String> regex(String s) {
        List<String> words = new ArrayList<>();
        Matcher m = GPT2.matcher(s);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    @Test
    void splitsAsThePatternDoes() {
        assertThat(scan("Hello world")).containsExactly("Hello", " world");
        assertThat(scan("I'm sure they'll say it's OK'S")).containsExactly("I", "'m", " sure", " they", "'ll", " say",
                " it", "'s", " OK", "'", "S");
        assertThat(scan("a  b")).containsExactly("a", " ", " b");
        assertThat(scan("a\n\n b  ")).containsExactly("a", "\n\n", " b", "  ");
        assertThat(scan("x \u00A0y")).containsExactly("x", " ", "\u00A0", "y");
        assertThat(scan("price: $1,000.50!!")).containsExactly("price", ":", " $", "1", ",", "000", ".", "50", "!!");
        assertThat(scan("\"'s")).containsExactly("\"'", "s");
        assertThat(scan("𝒳𝒴 ²³ 😀😀")).containsExactly("𝒳𝒴", " ²³", " 😀😀");
    }

    @Test
    void agreesWithTheRegexOnRealText() {
        List<String> texts = new ArrayList<>(Corpora.all().get("webdocs"));
        texts.addAll(Corpora.all().get("humaneval-x"));
        int checked = 0;
        for (String text : texts) {
            assertThat(scan(text)).as(text).isEqualTo(regex(text));
            checked++;
        }
        assertThat(checked).isGreaterThan(7000);
    }
}
