package io.sparkllm.jobs.eval.humaneval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.sparkllm.runtime.JobConfigs;
import io.sparkllm.runtime.UsageException;
import io.sparkllm.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The default stop sequences against every HumanEval-X canonical solution: a model that wrote the
 * canonical solution and then went on (a test, a main function) is cut, and given its closing
 * brace back, exactly at the end of the function.
 */
class LanguageStopsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a model might write after the function, in each language. */
    private static final Map<String, String> WHAT_FOLLOWS = Map.of(
            "python", "\n\ndef check(candidate):\n    assert True\n",
            "cpp", "\nint main(){\n}\n",
            "js", "\nconst test = () => {\n}\n",
            "go", "\nfunc TestX(t *testing.T) {\n}\n",
            "java", "\npublic class Main {\n    public static void main(String[] args) {\n    }\n}\n");

    private final LanguageStops stops = LanguageStops.from(JobConfigs.defaults("eval-humaneval"));

    @Test
    void defaultStopsEndEveryCanonicalSolutionWhereItsFunctionEnds() throws Exception {
        List<String> differ = new ArrayList<>();
        int checked = 0;
        for (String language : List.of("python", "cpp", "js", "go", "java")) {
            for (JsonNode problem : problems(language)) {
                String canonical = problem.get("canonical_solution").asText();
                String completion = cut(canonical + WHAT_FOLLOWS.get(language), stops.stops(language))
                        + stops.closing(language);
                checked++;
                if (!completion.stripTrailing().equals(canonical.stripTrailing())) {
                    differ.add(problem.get("task_id").asText());
                }
            }
        }
        assertThat(checked).isEqualTo(5 * 164);
        // CPP/94's canonical solution carries the test's first lines after the function; Go/72's
        // defines a helper after it, which a stop at the function's end cuts off.
        assertThat(differ).containsExactly("CPP/94", "Go/72");
    }

    @Test
    void pythonKeepsWhatItWroteAndBraceLanguagesGetTheirBracesBack() {
        assertThat(stops.stops("python")).containsExactly("\ndef ", "\nclass ", "\nif __name__", "\nprint(", "\n#");
        assertThat(stops.stops("humaneval")).isEqualTo(stops.stops("python"));
        assertThat(stops.closing("python")).isEmpty();
        assertThat(stops.closing("java")).isEqualTo("\n    }\n}");
        assertThat(stops.closing("go")).isEqualTo("\n}");
    }

    @Test
    void anEmptyStopSequenceIsRefused() {
        var config = ConfigFactory.parseMap(Map.of("stop.cpp", List.of(""))).withFallback(JobConfigs.defaults("eval-humaneval"));
        assertThatThrownBy(() -> LanguageStops.from(config)).isInstanceOf(UsageException.class)
                .hasMessageContaining("stop.cpp");
    }

    /** As the generator cuts: before the earliest stop sequence. */
    private static String cut(String text, List<String> stopSequences) {
        int at = text.length();
        for (String stop : stopSequences) {
            int found = text.indexOf(stop);
            if (found >= 0 && found < at) {
                at = found;
            }
        }
        return text.substring(0, at);
    }

    private static List<JsonNode> problems(String language) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(
                SharedData.path("humaneval-x/humaneval_" + language + ".jsonl.gz")))) {
            List<JsonNode> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
            return out;
        }
    }
}
