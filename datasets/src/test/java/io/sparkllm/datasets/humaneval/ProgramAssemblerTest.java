package io.sparkllm.datasets.humaneval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProgramAssemblerTest {
    private static Problem problem(Language language, int index) throws Exception {
        return ProblemParser.parse(language, ProblemParserTest.lines(ProblemParserTest.file(language)).get(index));
    }

    @Test
    void goMergesTheProblemsAndTheTestsImportsIntoOneBlockOfUsedPackages() throws Exception {
        Problem p = problem(Language.GO, 162); // string_to_md5: imports crypto/md5 and fmt, test imports crypto/md5
        String source = ProgramAssembler.assemble(p, p.canonicalSolution()).files().get("main_test.go");
        assertThat(source).startsWith("package main\n");
        assertThat(source.split("\nimport \\(", -1)).hasSize(2); // exactly one import block
        assertThat(source.split("\"crypto/md5\"", -1)).hasSize(2); // once, though both declare it
        assertThat(source).contains("\"fmt\"", "\"testing\"", "\"github.com/stretchr/testify/assert\"");
        assertThat(source).doesNotContain("\"strconv\"", "\"regexp\"");
    }

    @Test
    void goLeavesOutAHelperPackageTheCompletionDoesNotUse() throws Exception {
        Problem p = problem(Language.GO, 0); // imports math
        String unused = ProgramAssembler.assemble(p, "    return false\n}\n").files().get("main_test.go");
        assertThat(unused).doesNotContain("\"math\"");
        String used = ProgramAssembler.assemble(p, p.canonicalSolution()).files().get("main_test.go");
        assertThat(used).contains("\"math\"");
    }

    @Test
    void cppAddsOnlyTheMissingIncludesAndJavaRunsMain() throws Exception {
        Problem cpp = problem(Language.CPP, 0);
        String source = ProgramAssembler.assemble(cpp, cpp.canonicalSolution()).files().get("main.cpp");
        assertThat(source.split("#include<vector>", -1)).hasSize(2);
        assertThat(source).contains("#include<climits>");
        Program java = ProgramAssembler.assemble(problem(Language.JAVA, 0), "");
        assertThat(java.files()).containsOnlyKeys("Main.java");
        assertThat(java.steps().get(1).command()).endsWith("Main");
    }

    @Test
    void pythonCompletionStopsAtTheFirstUnindentedLine() {
        String completion = "    x = 1\n\n    return x\nprint('not part of the answer')\n    y = 2\n";
        assertThat(ProgramAssembler.untilFirstUnindentedLine(completion)).isEqualTo("    x = 1\n\n    return x");
    }

    @Test
    void originalHumanEvalCallsCheckOnTheEntryPoint() throws Exception {
        Program p = ProgramAssembler.assemble(problem(Language.HUMANEVAL, 0), "    return True\n");
        assertThat(p.files().get("main.py")).endsWith("check(has_close_elements)\n");
        assertThat(p.steps()).extracting(Program.Step::command).containsExactly(List.of("python3", "-I", "main.py"));
    }
}
