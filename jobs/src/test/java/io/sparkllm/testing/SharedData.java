package io.sparkllm.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real data sets in ../shared/data (see its README), found from the build or the environment. */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        String env = System.getenv("SPARKLLM_SHARED_DATA");
        Path root = env != null ? Path.of(env) : Path.of("..", "..", "shared", "data");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("shared data not found at " + root.toAbsolutePath()
                    + " (set SPARKLLM_SHARED_DATA)");
        }
        return root.toAbsolutePath().normalize();
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }
}
