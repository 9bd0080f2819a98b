package io.sparkllm.datasets.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every text of every JSONL file under ../shared/data/webdocs, in sorted file order. */
public final class Webdocs {
    private Webdocs() {
    }

    public static List<String> texts() throws IOException {
        Path root = SharedData.path("webdocs");
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                texts.addAll(SharedData.texts(root.getParent().relativize(f).toString()));
            }
        }
        return texts;
    }
}
