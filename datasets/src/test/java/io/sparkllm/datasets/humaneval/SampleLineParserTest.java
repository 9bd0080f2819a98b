package io.sparkllm.datasets.humaneval;

import io.sparkllm.datasets.corpus.ByteLines;
import io.sparkllm.datasets.corpus.ParsedRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SampleLineParserTest {
    private final SampleLineParser parser = new SampleLineParser(300, 20);

    private ParsedRecord parse(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return parser.parseJsonLine(new ByteLines.Line(1, 0, b.length, b));
    }

    @Test
    void readsTaskIdCompletionAndTheLanguageFromThePrefix() {
        ParsedRecord r = parse("{\"task_id\": \"JavaScript/3\", \"completion\": \"  return 1;\\n}\", \"extra\": 1}");
        assertThat(r.readable()).isTrue();
        assertThat(r.id()).isEqualTo("JavaScript/3");
        assertThat(r.text()).isEqualTo("  return 1;\n}");
        assertThat(r.lang()).isEqualTo("js");
    }

    @Test
    void takesHumanEvalXsGenerationFieldAndAGivenLanguage() {
        ParsedRecord r = parse("{\"task_id\": \"CPP/0\", \"generation\": \"}\", \"language\": \"c++\"}");
        assertThat(r.text()).isEqualTo("}");
        assertThat(r.lang()).isEqualTo("cpp");
        assertThat(parse("{\"task_id\": \"HumanEval/1\", \"completion\": \"\"}").lang()).isEqualTo("humaneval");
    }

    @Test
    void anUnknownSetLeavesTheLanguageEmptyForTheJobToReject() {
        assertThat(parse("{\"task_id\": \"Rust/0\", \"completion\": \"x\"}").lang()).isNull();
        assertThat(parse("{\"task_id\": \"Go/0\", \"completion\": \"x\", \"language\": \"cobol\"}").lang()).isNull();
    }

    @Test
    void namesWhatIsWrongWithALine() {
        assertThat(parse("{\"task_id\": \"Go/0\", ").errorRule()).isEqualTo("bad_json");
        assertThat(parse("[1, 2]").errorRule()).isEqualTo("not_an_object");
        assertThat(parse("{\"completion\": \"x\"}").errorRule()).isEqualTo("missing_task_id");
        assertThat(parse("{\"task_id\": 4, \"completion\": \"x\"}").errorRule()).isEqualTo("task_id_not_string");
        assertThat(parse("{\"task_id\": \"Go/0\"}").errorRule()).isEqualTo("missing_completion");
        assertThat(parse("{\"task_id\": \"Go/0\", \"completion\": null}").errorRule()).isEqualTo("completion_not_string");
        assertThat(parse("{\"task_id\": \"Go/0\", \"completion\": \"x\", \"language\": 3}").errorRule())
                .isEqualTo("language_not_string");
        assertThat(parse("{\"task_id\": \"Go/0\", \"completion\": \"" + "x".repeat(400) + "\"}").errorRule())
                .isEqualTo("too_large");
        ParsedRecord broken = parse("{\"task_id\": \"Go/0\"}");
        assertThat(broken.error()).isEqualTo("missing_completion: no field 'completion' (or 'generation')");
        assertThat(broken.rawExcerpt()).isEqualTo("{\"task_id\": \"Go/0\"}");
    }
}
