package io.sparkllm.datasets.humaneval;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs real HumanEval-X programs with python3, g++, javac/java, node and go test, a few problems per
 * language (bench/run.sh humaneval-canonical runs all 984), and hostile completions that must be
 * contained. Needs the toolchains and bubblewrap that .ci/run installs.
 */
class SampleExecutorTest {
    private static final int[] SAMPLE = {0, 57, 163};
    private static SampleExecutor executor;
    private static Map<Language, List<Problem>> problems;

    @TempDir
    static Path work;

    @BeforeAll
    static void setUp() throws Exception {
        SandboxSettings d = SandboxSettings.defaults();
        // short limits keep the hostile cases quick; the canonical programs need far less
        SandboxSettings s = new SandboxSettings("auto", 6, 3, 60, 60, d.memoryBytes(), d.processes(),
                d.fileBytes(), d.outputBytes(), d.readOnlyPaths(), d.sandboxUid());
        executor = new SampleExecutor(new Sandbox(s), work.resolve("runs"), 2000);
        assertThat(executor.sandbox().mode()).as("bubblewrap is installed (.ci/run installs it)").isEqualTo("bwrap");
        problems = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            List<String> lines = ProblemParserTest.lines(ProblemParserTest.file(language));
            List<Problem> list = new ArrayList<>();
            for (String line : lines) {
                list.add(ProblemParser.parse(language, line));
            }
            problems.put(language, list);
        }
    }

    private static Problem problem(Language language, int index) {
        return problems.get(language).get(index);
    }

    @Test
    void canonicalSolutionsPassInEveryLanguage() throws Exception {
        for (Language language : Language.values()) {
            for (int i : SAMPLE) {
                Problem p = problem(language, i);
                ExecutionResult r = executor.execute(p, p.canonicalSolution());
                assertThat(r.status()).as(p.taskId() + ": " + r.excerpt()).isEqualTo(Status.PASSED);
                assertThat(r.millis()).isPositive();
            }
        }
    }

    @Test
    void wrongCompletionsFailAndBadCodeDoesNotCompile() throws Exception {
        // has_close_elements answering "no" to everything: a check fails in every language
        Map<Language, String> wrong = Map.of(
                Language.PYTHON, "    return False\n",
                Language.HUMANEVAL, "    return False\n",
                Language.CPP, "    return false;\n}\n",
                Language.JAVA, "        return false;\n    }\n}\n",
                Language.JS, "  return false\n}\n",
                Language.GO, "    return false\n}\n");
        for (Language language : Language.values()) {
            ExecutionResult r = executor.execute(problem(language, 0), wrong.get(language));
            assertThat(r.status()).as(language + ": " + r.excerpt()).isEqualTo(Status.FAILED);
        }
        Map<Language, String> broken = Map.of(Language.CPP, "    return nope;\n}\n",
                Language.JAVA, "        return nope;\n    }\n}\n", Language.GO, "    return nope\n}\n");
        for (Map.Entry<Language, String> e : broken.entrySet()) {
            ExecutionResult r = executor.execute(problem(e.getKey(), 0), e.getValue());
            assertThat(r.status()).as(e.getKey() + ": " + r.excerpt()).isEqualTo(Status.COMPILE_ERROR);
            assertThat(r.excerpt()).contains("nope");
        }
        ExecutionResult crash = executor.execute(problem(Language.PYTHON, 0), "    return 1 / 0\n");
        assertThat(crash.status()).isEqualTo(Status.RUNTIME_ERROR);
        assertThat(crash.excerpt()).contains("ZeroDivisionError");
    }

    @Test
    void anInfiniteLoopTimesOut() throws Exception {
        ExecutionResult python = executor.execute(problem(Language.PYTHON, 0), "    while True:\n        pass\n");
        assertThat(python.status()).isEqualTo(Status.TIMEOUT);
        // sleeping uses no CPU: the wall-clock limit ends it
        ExecutionResult sleeper = executor.execute(problem(Language.PYTHON, 0),
                "    import time\n    time.sleep(3600)\n");
        assertThat(sleeper.status()).isEqualTo(Status.TIMEOUT);
        assertThat(sleeper.excerpt()).contains("wall-clock");
        ExecutionResult cpp = executor.execute(problem(Language.CPP, 0), "    while (true) {}\n}\n");
        assertThat(cpp.status()).isEqualTo(Status.TIMEOUT);
    }

    @Test
    void aForkBombIsContainedAndLeavesNoProcessBehind() throws Exception {
        ExecutionResult r = executor.execute(problem(Language.PYTHON, 0),
                "    import os\n    while True:\n        try:\n            os.fork()\n        except OSError:\n"
                        + "            pass\n");
        assertThat(r.status()).isIn(Status.TIMEOUT, Status.RUNTIME_ERROR);
        Thread.sleep(500);
        long left = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("main.py")).count();
        assertThat(left).isZero();
    }

    @Test
    void aOneGigabyteAllocationFails() throws Exception {
        ExecutionResult python = executor.execute(problem(Language.PYTHON, 0),
                "    block = bytearray(1 << 30)\n    return False\n");
        assertThat(python.status()).isEqualTo(Status.RUNTIME_ERROR);
        assertThat(python.excerpt()).contains("MemoryError");
        ExecutionResult cpp = executor.execute(problem(Language.CPP, 0),
                "    std::vector<char> block(1 << 30, 'x');\n    return block[7] == 'y';\n}\n");
        assertThat(cpp.status()).isEqualTo(Status.RUNTIME_ERROR);
        assertThat(cpp.excerpt()).contains("bad_alloc");
    }

    @Test
    void writingOutsideTheWorkDirectoryChangesNothingOnTheHost(@TempDir Path outside) throws Exception {
        Path target = outside.resolve("escaped.txt");
        Problem p = problem(Language.PYTHON, 0);
        String hostile = "    for path in [" + quoted(target) + ", '/usr/escaped.txt', '../escaped.txt']:\n"
                + "        try:\n            open(path, 'w').write('out')\n        except OSError:\n            pass\n"
                + p.canonicalSolution();
        ExecutionResult r = executor.execute(p, hostile);
        assertThat(r.status()).isEqualTo(Status.PASSED);
        assertThat(target).doesNotExist();
        assertThat(Path.of("/usr/escaped.txt")).doesNotExist();
        assertThat(work.resolve("runs/escaped.txt")).doesNotExist();
    }

    @Test
    void aFileOutsideTheSandboxCannotBeRead(@TempDir Path outside) throws Exception {
        Path secret = outside.resolve("secret.txt");
        Files.writeString(secret, "the-secret-42");
        Problem p = problem(Language.PYTHON, 0);
        // the canonical answer, preceded by an attempt to read the file and fail loudly with it
        String hostile = "    try:\n        leaked = open(" + quoted(secret) + ").read()\n    except OSError:\n"
                + "        leaked = None\n    if leaked:\n        raise RuntimeError(leaked)\n" + p.canonicalSolution();
        ExecutionResult r = executor.execute(p, hostile);
        assertThat(r.excerpt()).doesNotContain("the-secret-42");
        assertThat(r.status()).isEqualTo(Status.PASSED);
    }

    @Test
    void aNetworkConnectionIsRefused() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = server.accept()) {
                    accepted.incrementAndGet();
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Problem p = problem(Language.PYTHON, 0);
            String hostile = "    import socket\n    for host, port in [('127.0.0.1', " + server.getLocalPort()
                    + "), ('1.1.1.1', 53), ('example.com', 80)]:\n"
                    + "        try:\n            socket.create_connection((host, port), timeout=2)\n"
                    + "            raise RuntimeError('connected to %s' % host)\n"
                    + "        except OSError:\n            pass\n" + p.canonicalSolution();
            ExecutionResult r = executor.execute(p, hostile);
            assertThat(r.status()).as(r.excerpt()).isEqualTo(Status.PASSED);
        }
        assertThat(accepted).hasValue(0);
    }

    @Test
    void printingGigabytesIsCutOffAtTheCap() throws Exception {
        ExecutionResult r = executor.execute(problem(Language.PYTHON, 0),
                "    import sys\n    while True:\n        sys.stdout.write('x' * 65536)\n");
        assertThat(r.status()).isEqualTo(Status.RUNTIME_ERROR);
        assertThat(r.excerpt()).startsWith("[killed: printed more than 65536 bytes]");
        assertThat(r.excerpt().length()).isLessThanOrEqualTo(2000);
    }

    @Test
    void aGoSampleCannotChangeTheBuildCacheOtherSamplesShare() throws Exception {
        Problem next = problem(Language.GO, 1);
        assertThat(executor.execute(next, next.canonicalSolution()).status()).isEqualTo(Status.PASSED);
        Map<Path, String> before = templateFiles();
        assertThat(before).isNotEmpty();

        Problem go = problem(Language.GO, 0);
        Problem withOs = new Problem(Language.GO, go.taskId(), "import (\n    \"math\"\n    \"os\"\n"
                + "    \"path/filepath\"\n)\n" + go.prompt().substring(go.prompt().indexOf(")") + 1), go.declaration(),
                go.canonicalSolution(), go.test(), go.exampleTest(), go.importBlock(), go.testSetup(), null);
        // truncate, loosen and append to every cache file it can reach
        String hostile = "    filepath.Walk(os.Getenv(\"GOCACHE\"), func(p string, info os.FileInfo, err error) error {\n"
                + "        if err == nil && !info.IsDir() {\n"
                + "            os.Chmod(p, 0666)\n"
                + "            if f, e := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC, 0); e == nil {\n"
                + "                f.WriteString(\"poisoned\")\n                f.Close()\n            }\n"
                + "        }\n        return nil\n    })\n" + go.canonicalSolution();
        ExecutionResult r = executor.execute(withOs, hostile);
        assertThat(r.status()).as(r.excerpt()).isEqualTo(Status.PASSED);
        assertThat(templateFiles()).isEqualTo(before);
        assertThat(executor.execute(next, next.canonicalSolution()).status()).isEqualTo(Status.PASSED);
    }

    /** The shared Go build cache: each file with its mode and content hash. */
    private static Map<Path, String> templateFiles() throws IOException {
        Map<Path, String> files = new java.util.TreeMap<>();
        try (var dirs = Files.list(work.resolve("runs"))) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("gocache-warmup-")).toList()) {
                try (var walk = Files.walk(dir.resolve(".gocache"))) {
                    for (Path f : walk.filter(Files::isRegularFile).toList()) {
                        files.put(f, Files.getPosixFilePermissions(f) + " "
                                + java.util.Arrays.hashCode(Files.readAllBytes(f)));
                    }
                }
            }
        }
        return files;
    }

    private static String quoted(Path path) {
        return "'" + path.toAbsolutePath() + "'";
    }
}
