package io.sparkllm.datasets.testing;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The real data sets in ../shared/data (see its README), for this module's tests. */
public final class SharedData {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SharedData() {
    }

    /** A file or directory of the shared data; the build sets SPARKLLM_SHARED_DATA, else ../../shared/data. */
    public static Path path(String relative) {
        String env = System.getenv("SPARKLLM_SHARED_DATA");
        Path root = env != null ? Path.of(env) : Path.of("..", "..", "shared", "data");
        Path path = root.resolve(relative);
        assertThat(path).as("shared data (set SPARKLLM_SHARED_DATA)").exists();
        return path;
    }

    /** The {@code text} field of every record of a JSONL file. */
    public static List<String> texts(String relative) throws IOException {
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(path(relative), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                texts.add(JSON.readTree(line).get("text").asText());
            }
        }
        return texts;
    }
}
