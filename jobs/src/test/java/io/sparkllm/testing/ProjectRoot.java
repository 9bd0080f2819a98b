package io.sparkllm.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, for tests that read conf/ and submit/. */
public final class ProjectRoot {
    private ProjectRoot() {
    }

    public static Path get() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("submit"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("repository root (with submit/) not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
