package io.sparkllm.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sparkllm.cli.Main;
import io.sparkllm.testing.ProjectRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineRunnerTest {
    private static final Path DEMO = ProjectRoot.get().resolve("conf/pipeline/demo.conf");
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PipelineRunner runner = new PipelineRunner(
            new JobRunner(new PrintWriter(console, true), new PrintWriter(console, true)), new PrintWriter(console, true));

    private static List<PipelineRunner.Stage> demo(Path work, String... sets) {
        List<String> all = new java.util.ArrayList<>(List.of("vars.work=" + work));
        all.addAll(List.of(sets));
        return PipelineRunner.load(JobConfigs.userFile(DEMO.toFile()), ConfigOverrides.parse(all), "demo.conf");
    }

    @Test
    void aStageWhoseManifestMatchesIsSkippedAndAChangedOneRunsAgain(@TempDir Path tmp) throws Exception {
        assertThat(runner.run(demo(tmp), false)).extracting(PipelineRunner.Outcome::status)
                .containsExactlyElementsOf(java.util.Collections.nCopies(11, "ran"));
        long firstWrite = Files.getLastModifiedTime(tmp.resolve("sample/_manifest.json")).toMillis();
        long cleanWrite = Files.getLastModifiedTime(tmp.resolve("clean/_manifest.json")).toMillis();

        assertThat(runner.run(demo(tmp), false)).extracting(PipelineRunner.Outcome::status)
                .containsExactlyElementsOf(java.util.Collections.nCopies(11, "skipped"));
        assertThat(Files.getLastModifiedTime(tmp.resolve("clean/_manifest.json")).toMillis()).isEqualTo(cleanWrite);
        assertThat(Files.getLastModifiedTime(tmp.resolve("sample/_manifest.json")).toMillis()).isEqualTo(firstWrite);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("sample: up to date, skipped");

        // A different config makes the stage stale: it runs again and replaces its own output.
        Path file = tmp.resolve("changed.conf");
        Files.writeString(file, Files.readString(DEMO).replace("documents = 400", "documents = 120"));
        List<PipelineRunner.Stage> changed = PipelineRunner.load(JobConfigs.userFile(file.toFile()),
                ConfigOverrides.parse(List.of("vars.work=" + tmp)), "changed.conf");
        // The sample changed, so every later stage's input fingerprint changed too: all run again.
        assertThat(runner.run(changed, false)).extracting(PipelineRunner.Outcome::status)
                .containsExactlyElementsOf(java.util.Collections.nCopies(11, "ran"));
        assertThat(Files.readString(tmp.resolve("sample/_manifest.json"))).contains("\"documents\" : 120");
    }

    @Test
    void aDisabledStageIsLeftOutAndLaterStagesReadTheGivenData(@TempDir Path tmp) {
        List<PipelineRunner.Stage> stages = demo(tmp, "vars.generate-sample=false", "vars.data=/data/shared");
        assertThat(stages).extracting(PipelineRunner.Stage::name).containsExactly("clean", "dedup", "decontaminate",
                "pairs", "humaneval-prep", "humaneval-exec", "tokenizer-train", "tokenize", "train", "eval");
        assertThat(stages.get(0).config().getStringList("input")).containsExactly("/data/shared/webdocs");
    }

    @Test
    void anOutputThatAnotherJobOwnsIsNotReplacedWithoutOverwrite(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("sample"));
        Files.writeString(tmp.resolve("sample/notes.txt"), "mine");
        assertThatThrownBy(() -> runner.run(demo(tmp), false)).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("output already exists");
        assertThat(tmp.resolve("sample/notes.txt")).hasContent("mine");
        runner.run(demo(tmp).subList(0, 1), true);
        assertThat(tmp.resolve("sample/notes.txt")).doesNotExist();
    }

    @Test
    void mistakesInThePipelineFileNameTheStage() {
        Config badKey = ConfigFactory.parseString("stages = [ { job = sample, confg { output = /x } } ]");
        assertThatThrownBy(() -> PipelineRunner.load(badKey, ConfigFactory.empty(), "p.conf"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("p.conf stage 1: unknown stage key 'confg'");
        Config badJob = ConfigFactory.parseString("stages = [ { job = sampel } ]");
        assertThatThrownBy(() -> PipelineRunner.load(badJob, ConfigFactory.empty(), "p.conf"))
                .hasMessageStartingWith("unknown job 'sampel'");
        Config badSetting = ConfigFactory.parseString("stages = [ { job = sample, config { output = /x, sed = 1 } } ]");
        assertThatThrownBy(() -> PipelineRunner.load(badSetting, ConfigFactory.empty(), "p.conf"))
                .hasMessage("unknown config key 'sed' in p.conf stage 1 (sample) (did you mean 'seed'?)");
        assertThatThrownBy(() -> PipelineRunner.only(demoStages(), List.of("trian")))
                .hasMessage("no stage named 'trian' (stages: sample, clean, dedup, decontaminate, pairs, "
                        + "humaneval-prep, humaneval-exec, tokenizer-train, tokenize, train, eval)");
    }

    private static List<PipelineRunner.Stage> demoStages() {
        return demo(Path.of("/tmp/unused"));
    }

    @Test
    void theCommandRunsThePipelineAndPrintsEachStage(@TempDir Path tmp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new String[] {"pipeline", "--conf", DEMO.toString(), "--set", "vars.work=" + tmp},
                new PrintStream(out, true), new PrintStream(err, true));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("pipeline demo.conf:", "sample", "ran", tmp.resolve("sample").toString());

        out.reset();
        code = Main.execute(new String[] {"pipeline", "--conf", DEMO.toString(), "--set", "vars.work=" + tmp,
                "--dry-run"}, new PrintStream(out, true), new PrintStream(err, true));
        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo("sample\tsample\t" + tmp.resolve("sample") + "\n"
                + "clean\tclean\t" + tmp.resolve("clean") + "\n" + "dedup\tdedup\t" + tmp.resolve("dedup") + "\n"
                + "decontaminate\tdecontaminate\t" + tmp.resolve("decontaminate") + "\n"
                + "pairs\tpairs\t" + tmp.resolve("pairs") + "\n"
                + "humaneval-prep\thumaneval-prep\t" + tmp.resolve("humaneval-prep") + "\n"
                + "humaneval-exec\thumaneval-exec\t" + tmp.resolve("humaneval-exec") + "\n"
                + "tokenizer-train\ttokenizer-train\t" + tmp.resolve("tokenizer") + "\n"
                + "tokenize\ttokenize\t" + tmp.resolve("tokenize") + "\n"
                + "train\ttrain\t" + tmp.resolve("train") + "\n"
                + "eval\teval-perplexity\t" + tmp.resolve("eval") + "\n");
    }
}
