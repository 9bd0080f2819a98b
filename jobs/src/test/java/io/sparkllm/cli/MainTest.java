package io.sparkllm.cli;

import io.sparkllm.runtime.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryJob() {
        assertThat(run("--help")).isZero();
        assertThat(stdout()).contains("sample", "pipeline", "Exit codes");
    }

    @Test
    void jobHelpDocumentsOptionsAndConfigKeysWithDefaults() {
        assertThat(run("sample", "--help")).isZero();
        assertThat(stdout()).contains("--output=DIR", "--set=KEY=VALUE", "--overwrite", "seed = 20240611",
                "documents = 400", "Random seed", "spark.local-master");
    }

    @Test
    void versionComesFromTheBuild() {
        assertThat(run("--version")).isZero();
        assertThat(stdout().trim()).isEqualTo("sparkllm " + Version.get());
        assertThat(Version.get()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void anUnknownJobIsOneLineAndExitCodeTwo() {
        assertThat(run("sampel")).isEqualTo(2);
        assertThat(stderr()).isEqualTo("sparkllm: unknown job 'sampel' (did you mean 'sample'?); see 'sparkllm --help'\n");
    }

    @Test
    void anUnknownOptionIsOneLine() {
        assertThat(run("sample", "--outptu", "x")).isEqualTo(2);
        assertThat(stderr().lines()).hasSize(1);
        assertThat(stderr()).startsWith("sparkllm: unknown option or argument '--outptu'").contains("sparkllm sample --help");
    }

    @Test
    void aMisspelledConfigKeyIsOneLineAndExitCodeTwo(@TempDir Path tmp) {
        assertThat(run("sample", "--output", tmp.resolve("o").toString(), "--set", "sed=3")).isEqualTo(2);
        assertThat(stderr()).isEqualTo("sparkllm: unknown config key 'sed' in --set (did you mean 'seed'?)\n");
        assertThat(tmp.resolve("o")).doesNotExist();
    }

    @Test
    void aMisspelledKeyInAConfFileNamesTheFile(@TempDir Path tmp) throws Exception {
        Path conf = tmp.resolve("my.conf");
        Files.writeString(conf, "documnets = 50\n");
        assertThat(run("sample", "--output", tmp.resolve("o").toString(), "--conf", conf.toString())).isEqualTo(2);
        assertThat(stderr()).isEqualTo("sparkllm: unknown config key 'documnets' in " + conf
                + " (did you mean 'documents'?)\n");
    }

    @Test
    void aMissingRequiredSettingIsOneLine() {
        assertThat(run("sample")).isEqualTo(2);
        assertThat(stderr().lines()).hasSize(1);
        assertThat(stderr()).contains("output").doesNotContain("Exception");
    }

    @Test
    void anExistingOutputIsExitCodeOneWithoutStackTrace(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("o"));
        assertThat(run("sample", "--output", tmp.resolve("o").toString())).isEqualTo(1);
        assertThat(stderr()).isEqualTo("sparkllm: output already exists: file:" + tmp.resolve("o")
                + " (pass --overwrite to replace it)\n");
    }

    @Test
    void verbosePrintsTheStackTrace(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("o"));
        assertThat(run("sample", "--verbose", "--output", tmp.resolve("o").toString())).isEqualTo(1);
        assertThat(stderr()).contains("JobFailedException", "\tat io.sparkllm.runtime.StagedOutput");
    }

    @Test
    void sampleRunsAndPrintsItsSummary(@TempDir Path tmp) {
        assertThat(run("sample", "--output", tmp.resolve("s").toString(), "--set", "documents=40")).isZero();
        assertThat(stdout()).contains("sparkllm sample finished", "webdocs/sample_web.jsonl");
        assertThat(tmp.resolve("s/_manifest.json")).exists();
        assertThat(tmp.resolve("s/humaneval-x/humaneval_go.jsonl.gz")).exists();
    }
}
