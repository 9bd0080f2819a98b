package io.sparkllm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.jobs.eval.bleu.Multi30kCaptions;
import io.sparkllm.jobs.eval.bleu.Signature;
import io.sparkllm.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code sparkllm bleu} on Multi30K's 2016 test captions and degraded copies of them; every expected line is
 * what the sacreBLEU 2.6.0 command line printed for the same files ({@code -f text}), with our version field.
 */
class BleuCommandTest {
    private static final String REFERENCE = SharedData.path("multi30k/test_2016_flickr.en.gz").toString();

    @TempDir
    static Path dir;
    private static String hypothesis;
    private static String secondReference;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void writeFiles() throws IOException {
        List<String> en = Multi30kCaptions.english();
        hypothesis = write("hyp.txt", Multi30kCaptions.degraded(en, 0));
        secondReference = write("ref2.txt", Multi30kCaptions.degraded(en, 1));
    }

    private static String write(String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file.toString();
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Standard output with our version field written as sacreBLEU's, to compare with its output. */
    private String stdout() {
        return out.toString(StandardCharsets.UTF_8).replace("version:" + Signature.implementationVersion(), "version:2.6.0");
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void corpusBleuAndChrfWithTwoReferencesPrintAsSacreBleuDoes() {
        assertThat(run("bleu", "--hyp", hypothesis, "--ref", REFERENCE, "--ref", secondReference,
                "--metrics", "bleu,chrf", "--width", "2")).isZero();
        assertThat(stdout()).isEqualTo(
                "  BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 86.94 98.3/91.2/87.2/82.5 "
                        + "(BP = 0.970 ratio = 0.971 hyp_len = 12484 ref_len = 12862)\n"
                        + "chrF2|nrefs:2|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0 = 93.22\n");
        assertThat(stderr()).isEmpty();
    }

    @Test
    void tokenizerSmoothingAndCaseOptions() {
        assertThat(run("bleu", "--hyp", hypothesis, "--ref", REFERENCE, "--tokenize", "zh", "--smooth", "floor",
                "--smooth-value", "0.5", "--lowercase", "--width", "3")).isZero();
        assertThat(stdout()).isEqualTo("BLEU|nrefs:1|case:lc|eff:no|tok:zh|smooth:floor[0.50]|version:2.6.0 = 87.907 "
                + "100.0/92.7/88.8/84.3 (BP = 0.963 ratio = 0.964 hyp_len = 12484 ref_len = 12955)\n");
        assertThat(run("bleu", "--hyp", hypothesis, "--ref", REFERENCE, "--smooth", "add-k", "--width", "2")).isZero();
        assertThat(stdout()).startsWith("BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:add-k[1.00]|version:2.6.0 = 86.29 ");
    }

    @Test
    void chrfPlusPlusOptions() {
        assertThat(run("bleu", "--hyp", hypothesis, "--ref", REFERENCE, "--metrics", "chrf", "--chrf-word-order", "2",
                "--chrf-lowercase", "--chrf-eps-smoothing", "--width", "2")).isZero();
        assertThat(stdout()).isEqualTo("chrF2++|nrefs:1|case:lc|eff:no|nc:6|nw:2|space:no|version:2.6.0 = 93.63\n");
    }

    @Test
    void sentenceScoresEveryLineWithTheEffectiveOrder() {
        assertThat(run("bleu", "--hyp", hypothesis, "--ref", REFERENCE, "--sentence")).isZero();
        List<String> lines = stdout().lines().toList();
        assertThat(lines).hasSize(1000);
        assertThat(lines.subList(0, 3)).containsExactly(
                "BLEU|nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0 = 66.9 100.0/87.5/71.4/50.0 "
                        + "(BP = 0.895 ratio = 0.900 hyp_len = 9 ref_len = 10)",
                "BLEU|nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0 = 89.0 100.0/86.7/85.7/84.6 "
                        + "(BP = 1.000 ratio = 1.000 hyp_len = 16 ref_len = 16)",
                "BLEU|nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.6.0 = 91.2 92.3/91.7/90.9/90.0 "
                        + "(BP = 1.000 ratio = 1.000 hyp_len = 13 ref_len = 13)");
        assertThat(run("bleu", "--hyp", hypothesis, "--ref", REFERENCE, "--sentence", "--metrics", "chrf", "--width", "2")).isZero();
        assertThat(stdout().lines().limit(2)).containsExactly(
                "chrF2|nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0 = 77.76",
                "chrF2|nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0 = 94.10");
    }

    @Test
    void jsonCarriesTheFullScoreAndItsParts() throws IOException {
        assertThat(run("bleu", "--hyp", hypothesis, "--ref", REFERENCE, "--json")).isZero();
        List<String> lines = stdout().lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(lines.get(0));
        assertThat(json.get("name").asText()).isEqualTo("BLEU");
        assertThat(json.get("score").asDouble()).isCloseTo(86.29030109287469, within(1e-11));
        assertThat(json.get("signature").asText()).isEqualTo("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0");
        assertThat(json.get("verbose_score").asText())
                .isEqualTo("98.3/91.2/87.2/82.5 (BP = 0.963 ratio = 0.964 hyp_len = 12484 ref_len = 12955)");
        assertThat(json.get("tok").asText()).isEqualTo("13a");
        assertThat(json.get("hyp_len").asLong()).isEqualTo(12484);
        assertThat(json.get("ref_len").asLong()).isEqualTo(12955);
        assertThat(json.get("precisions")).hasSize(4);
        assertThat(json.get("counts").get(0).isIntegralNumber()).isTrue();
        assertThat(json.get("totals").get(0).asLong()).isEqualTo(12484);
        assertThat(json.get("bp").asDouble()).isCloseTo(0.963, within(5e-4));
        assertThat(json.get("ratio").asDouble()).isCloseTo(12484.0 / 12955, within(1e-15));

        assertThat(run("bleu", "--hyp", hypothesis, "--ref", REFERENCE, "--json", "--sentence", "--metrics", "bleu,chrf")).isZero();
        List<String> perLine = stdout().lines().toList();
        assertThat(perLine).hasSize(2000);
        JsonNode second = new ObjectMapper().readTree(perLine.get(1));
        assertThat(second.get("line").asInt()).isEqualTo(1);
        assertThat(second.get("name").asText()).isEqualTo("chrF2");
    }

    @Test
    void theCaptionsAgainstThemselvesScoreOneHundred() {
        assertThat(run("bleu", "--hyp", REFERENCE, "--ref", REFERENCE, "--metrics", "chrf,bleu")).isZero();
        assertThat(stdout()).contains(" = 100.0 100.0/100.0/100.0/100.0 ", "chrF2|").contains("= 100.0\n");
    }

    @Test
    void differentLineCountsAreOneLineNamingTheFilesAndExitCodeOne() throws IOException {
        List<String> shorter = Multi30kCaptions.english().subList(0, 999);
        String shortFile = write("short.txt", shorter);
        assertThat(run("bleu", "--hyp", hypothesis, "--ref", REFERENCE, "--ref", shortFile)).isEqualTo(1);
        assertThat(stderr()).isEqualTo("sparkllm: reference " + shortFile + " has 999 lines but hypothesis "
                + hypothesis + " has 1000\n");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void badOptionsAreOneLineAndExitCodeTwo() {
        assertThat(run("bleu", "--hyp", hypothesis, "--ref", REFERENCE, "--tokenize", "moses")).isEqualTo(2);
        assertThat(stderr()).isEqualTo("sparkllm: --tokenize: unknown tokenizer 'moses' (choose 13a, intl, zh, char, none); "
                + "see 'sparkllm bleu --help'\n");
        assertThat(run("bleu", "--hyp", hypothesis, "--ref", REFERENCE, "--smooth", "laplace")).isEqualTo(2);
        assertThat(stderr()).startsWith("sparkllm: --smooth: unknown smoothing method 'laplace'");
        assertThat(run("bleu", "--hyp", hypothesis, "--ref", REFERENCE, "--metrics", "bleu,ter")).isEqualTo(2);
        assertThat(stderr()).startsWith("sparkllm: --metrics: unknown metric 'ter'");
        assertThat(run("bleu", "--hyp", hypothesis)).isEqualTo(2);
        assertThat(stderr()).startsWith("sparkllm: Missing required option: '--ref=FILE'");
    }

    @Test
    void aMissingFileIsOneLineAndExitCodeOne() {
        assertThat(run("bleu", "--hyp", "/no/such/hyp.txt", "--ref", REFERENCE)).isEqualTo(1);
        assertThat(stderr()).isEqualTo("sparkllm: /no/such/hyp.txt: no such file\n");
    }

    @Test
    void helpListsTheCommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("bleu");
        assertThat(run("bleu", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--hyp=FILE", "--ref=FILE", "--tokenize=NAME",
                "--smooth=METHOD", "--sentence", "--json");
    }
}
