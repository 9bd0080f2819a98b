package io.sparkllm.datasets.humaneval;

import io.sparkllm.datasets.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProblemParserTest {
    static List<String> lines(String relative) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(SharedData.path(relative)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    static String file(Language language) {
        return language == Language.HUMANEVAL ? "humaneval/HumanEval.jsonl.gz"
                : "humaneval-x/humaneval_" + language.id() + ".jsonl.gz";
    }

    @Test
    void everyPublishedRecordFitsItsLanguage() throws Exception {
        for (Language language : Language.values()) {
            List<String> lines = lines(file(language));
            assertThat(lines).as(language.id()).hasSize(164);
            for (int i = 0; i < lines.size(); i++) {
                Problem p = ProblemParser.parse(language, lines.get(i));
                assertThat(p.taskId()).isEqualTo(language.taskPrefix() + i);
                assertThat(p.language()).isEqualTo(language);
            }
        }
        Problem go = ProblemParser.parse(Language.GO, lines(file(Language.GO)).get(0));
        assertThat(go.importBlock()).contains("\"math\"");
        assertThat(go.testSetup()).startsWith("package main");
        Problem original = ProblemParser.parse(Language.HUMANEVAL, lines(file(Language.HUMANEVAL)).get(0));
        assertThat(original.entryPoint()).isEqualTo("has_close_elements");
        assertThat(original.declaration()).isNull();
    }

    @Test
    void aBrokenRecordNamesTheField() throws Exception {
        String record = lines(file(Language.GO)).get(3);
        String withoutSetup = record.replace("\"test_setup\"", "\"test_setup_renamed\"");
        assertThatThrownBy(() -> ProblemParser.parse(Language.GO, withoutSetup))
                .isInstanceOf(InvalidProblemException.class).hasMessageContaining("'test_setup' is missing");
        // a Python record read as Go lacks Go's fields
        assertThatThrownBy(() -> ProblemParser.parse(Language.GO, lines(file(Language.PYTHON)).get(0)))
                .hasMessageContaining("'import' is missing");
        assertThatThrownBy(() -> ProblemParser.parse(Language.JAVA, lines(file(Language.PYTHON)).get(0)))
                .hasMessageContaining("'task_id' is 'Python/0', expected 'Java/<number>'");
        String numeric = "{\"task_id\":\"JavaScript/1\",\"prompt\":\"x\",\"declaration\":\"\",\"canonical_solution\":7,"
                + "\"test\":\"t\",\"example_test\":\"\"}";
        assertThatThrownBy(() -> ProblemParser.parse(Language.JS, numeric))
                .hasMessageContaining("'canonical_solution' is number, not a string");
        assertThatThrownBy(() -> ProblemParser.parse(Language.JS, "{\"task_id\": \"JavaScript/1\""))
                .satisfies(e -> assertThat(((InvalidProblemException) e).rule()).isEqualTo("bad_json"));
        assertThatThrownBy(() -> ProblemParser.parse(Language.JS, "[1, 2]"))
                .satisfies(e -> assertThat(((InvalidProblemException) e).rule()).isEqualTo("not_an_object"));
    }
}
