package io.sparkllm.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.sparkllm.testing.SharedData;
import io.sparkllm.testing.TestSpark;
import io.sparkllm.testing.WordCountJob;
import org.apache.spark.sql.Row;
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
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobRunnerTest {
    private static final Path SHAKESPEARE = SharedData.path("tinyshakespeare/input.txt");
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final JobRunner runner = new JobRunner(new java.io.PrintWriter(console, true), new java.io.PrintWriter(console, true));

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    private static com.typesafe.config.Config config(Path output, Map<String, Object> settings) {
        Map<String, Object> all = new java.util.HashMap<>(settings);
        all.put("input", SHAKESPEARE.toString());
        all.put("output", output.toString());
        return JobConfigs.effective("test-words", List.of(new JobConfigs.Layer("test", ConfigFactory.parseMap(all))));
    }

    @Test
    void writesOutputAndManifestWithCountsTimingsAndAppId(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("words");
        JsonNode manifest = runner.run(new WordCountJob(), config(out, Map.of()), false);

        JsonNode onDisk = new ObjectMapper().readTree(out.resolve("_manifest.json").toFile());
        assertThat(onDisk.toString()).isEqualTo(manifest.toString());
        assertThat(onDisk.path("job").asText()).isEqualTo("test-words");
        assertThat(onDisk.path("fingerprint").asText()).hasSize(64);
        assertThat(onDisk.path("config").path("options").path("min-count").asInt()).isEqualTo(1);
        assertThat(onDisk.path("inputs").get(0).path("records").asLong()).isEqualTo(40000);
        assertThat(onDisk.path("spark").path("appId").asText()).startsWith("local-");
        assertThat(onDisk.path("timings").path("stages").size()).isPositive();

        // The counts are right: compare one word with a count done here without Spark.
        long theInText = Files.readAllLines(SHAKESPEARE).stream()
                .flatMap(line -> Stream.of(line.toLowerCase().split("\\s+")))
                .filter("the"::equals).count();
        List<Row> rows = TestSpark.session().read().parquet(out.resolve("counts").toString())
                .filter("word = 'the'").collectAsList();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getLong(1)).isEqualTo(theInText);
        long distinct = TestSpark.session().read().parquet(out.resolve("counts").toString()).count();
        assertThat(onDisk.path("outputs").get(0).path("records").asLong()).isEqualTo(distinct);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("sparkllm test-words finished in");
    }

    @Test
    void aFailedJobLeavesNeitherOutputNorStagingFiles(@TempDir Path tmp) {
        Path out = tmp.resolve("words");
        assertThatThrownBy(() -> runner.run(new WordCountJob(), config(out, Map.of("fail-after-write", true)), false))
                .hasMessageContaining("planted failure");
        assertThat(out).doesNotExist();
        assertThat(tmp.toFile().list()).isEmpty();
    }

    @Test
    void refusesToReplaceAnExistingOutputUnlessAskedTo(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("words");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "precious");
        assertThatThrownBy(() -> runner.run(new WordCountJob(), config(out, Map.of()), false))
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("output already exists")
                .hasMessageContaining("--overwrite");
        assertThat(out.resolve("keep.txt")).hasContent("precious");

        runner.run(new WordCountJob(), config(out, Map.of()), true);
        assertThat(out.resolve("keep.txt")).doesNotExist();
        assertThat(out.resolve("_manifest.json")).exists();
        assertThat(tmp.toFile().list()).containsExactly("words");
    }

    @Test
    void sameInputAndConfigGiveTheSameOutputWhateverThePartitioning(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        JsonNode first = runner.run(new WordCountJob(), config(a, Map.of()), false);
        String partitions = TestSpark.session().conf().get("spark.sql.shuffle.partitions");
        TestSpark.session().conf().set("spark.sql.shuffle.partitions", "7");
        try {
            runner.run(new WordCountJob(), config(b, Map.of()), false);
        } finally {
            TestSpark.session().conf().set("spark.sql.shuffle.partitions", partitions);
        }
        JsonNode second = new ObjectMapper().readTree(b.resolve("_manifest.json").toFile());
        assertThat(second.path("fingerprint")).isEqualTo(first.path("fingerprint"));
        assertThat(rows(a)).isEqualTo(rows(b));
    }

    @Test
    void aChangedSettingChangesTheFingerprint(@TempDir Path tmp) throws Exception {
        JsonNode one = runner.run(new WordCountJob(), config(tmp.resolve("a"), Map.of()), false);
        JsonNode two = runner.run(new WordCountJob(), config(tmp.resolve("b"), Map.of("options.min-count", 2)), false);
        assertThat(two.path("fingerprint")).isNotEqualTo(one.path("fingerprint"));
    }

    @Test
    void printsProgressLinesForRunningStages(@TempDir Path tmp) throws Exception {
        runner.run(new WordCountJob(), config(tmp.resolve("slow"),
                Map.of("task-sleep-ms", 1500, "progress.interval-seconds", 0.2)), false);
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(printed).containsPattern(
                "\\[test-words] stage \\d+ \\(.+\\): +\\d+% \\(\\d+/\\d+ tasks\\), [\\d,]+ rows/s, ETA (\\?|[\\d.:]+( s)?)");
    }

    @Test
    void aMissingInputIsOneClearError(@TempDir Path tmp) {
        Map<String, Object> settings = Map.of("input", tmp.resolve("nope.txt").toString(),
                "output", tmp.resolve("out").toString());
        var config = JobConfigs.effective("test-words",
                List.of(new JobConfigs.Layer("test", ConfigFactory.parseMap(settings))));
        assertThatThrownBy(() -> runner.run(new WordCountJob(), config, false))
                .isInstanceOf(JobFailedException.class)
                .hasMessage("input not found: " + tmp.resolve("nope.txt"));
    }

    private static List<String> rows(Path output) throws IOException {
        return TestSpark.session().read().parquet(output.resolve("counts").toString()).collectAsList().stream()
                .map(Row::toString).sorted().collect(Collectors.toList());
    }
}
