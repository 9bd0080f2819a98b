package io.sparkllm.datasets.humaneval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A Go build cache holding testify and the standard packages HumanEval-X tests use, compiled once
 * per JVM by a trusted warm-up program. Each Go sample gets a private copy, so compiling a sample
 * takes a fraction of a second instead of rebuilding testify (about 6 s), and no sample can
 * touch what another sees.
 */
final class GoBuildCache {
    private static final String WARM_UP = """
            package main

            import (
                "bytes"
                "crypto/md5"
                "fmt"
                "math"
                "math/rand"
                "regexp"
                "sort"
                "strconv"
                "strings"
                "testing"
                "time"
                "github.com/stretchr/testify/assert"
            )

            func TestWarmUp(t *testing.T) {
                _ = bytes.NewBuffer(nil)
                _ = md5.Sum(nil)
                _ = fmt.Sprint(math.Pi, rand.Int(), strconv.Itoa(1), strings.ToUpper("a"), time.Now())
                _ = regexp.MustCompile("a")
                sort.Ints(nil)
                assert.New(t).Equal(1, 1)
            }
            """;
    private static Path template;
    private static boolean tried;

    private GoBuildCache() {
    }

    /** Copies the warmed cache into {@code workDir/.gocache}, warming it first if this JVM has not. */
    static void provide(Sandbox sandbox, Path workRoot, Path workDir) throws IOException, InterruptedException {
        Path cache = templateFor(sandbox, workRoot);
        if (cache != null) {
            copyTree(cache, workDir.resolve(".gocache"));
        }
    }

    private static synchronized Path templateFor(Sandbox sandbox, Path workRoot) throws IOException,
            InterruptedException {
        if (tried) {
            return template;
        }
        tried = true;
        Path dir = Files.createTempDirectory(workRoot, "gocache-warmup-");
        Files.writeString(dir.resolve("main_test.go"), WARM_UP);
        Program warm = ProgramAssembler.assemble(new Problem(Language.GO, "Go/warmup", "", null, "", "", null,
                null, null, null), "");
        RunOutcome outcome = sandbox.run(dir, List.of("go", "test", "-c", "-o", "warm.test", "main_test.go"),
                warm.env(), true);
        if (outcome.exitCode() == 0) {
            template = dir.resolve(".gocache");
        }
        return template;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
