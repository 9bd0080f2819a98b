package io.sparkllm.datasets.humaneval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
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

    /** Puts the warmed cache into {@code workDir/.gocache}, warming it first if this JVM has not. */
    static void provide(Sandbox sandbox, Path workRoot, Path workDir) throws IOException, InterruptedException {
        Path cache = templateFor(sandbox, workRoot);
        if (cache != null) {
            copyTree(cache, workDir.resolve(".gocache"), sandbox.dropsPrivileges());
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
            if (sandbox.dropsPrivileges()) {
                sealForLinking(template);
            }
        }
        return template;
    }

    /** The template's files become root's and read-only, so a sandbox uid can link to them but not change them. */
    private static void sealForLinking(Path template) throws IOException {
        try (var files = Files.walk(template)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.setAttribute(p, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("r--r--r--"));
                }
            }
        }
    }

    /**
     * Directories are made fresh (the sample's to write into); files are hard links to the sealed
     * template where runs drop to another uid (about 1,000 files, 23 MB: copying cost more than
     * compiling), copies otherwise (a user-namespace sandbox runs as the file's owner).
     */
    private static void copyTree(Path from, Path to, boolean link) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (link) {
                    Files.createLink(target, p);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
