package io.sparkllm.runtime;

import io.sparkllm.testing.KillTarget;
import io.sparkllm.testing.ProjectRoot;
import io.sparkllm.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A driver killed mid-job (SIGTERM, as YARN and Kubernetes stop containers) leaves no output and no staging. */
class KilledJobTest {
    @Test
    void aKilledDriverLeavesNothingBehind(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("words");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Files.readAllLines(ProjectRoot.get().resolve("submit/lib/java17-opens")));
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KillTarget.class.getName());
        command.add(SharedData.path("tinyshakespeare/input.txt").toString());
        command.add(out.toString());
        Process driver = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("driver.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (stagingDirs(tmp).isEmpty() && driver.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(stagingDirs(tmp)).as("the job started staging its output (see driver.log)").hasSize(1);
            assertThat(driver.isAlive()).isTrue();
            Thread.sleep(1000); // let the first Spark stage start its (sleeping) tasks
        } finally {
            driver.destroy(); // SIGTERM
        }
        assertThat(driver.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).doesNotExist();
        assertThat(stagingDirs(tmp)).isEmpty();
    }

    private static List<String> stagingDirs(Path dir) {
        String[] names = dir.toFile().list((File d, String name) -> name.startsWith(".words.staging-"));
        return names == null ? List.of() : List.of(names);
    }
}
