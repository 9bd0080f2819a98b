package io.sparkllm.datasets.clean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.datasets.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins everything the cleaner decides on every webdocs document, with every filter set, PII and
 * the bench's settings: the final text, the language and its score, every rule's value, threshold
 * and verdict, PII counts and removed lines, bit for bit, as one SHA-256 per file. The expected
 * digests were taken before the cleaner was made faster; a speed-up must not move any of them.
 */
class CleanerWebdocsDigestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyDocumentCleansExactlyAsBefore() throws IOException {
        Map<String, String> expected = expected();
        Map<String, String> actual = digests();
        actual.forEach((file, digest) -> System.out.println(file + " " + digest));
        assertThat(actual).containsExactlyEntriesOf(expected);
    }

    private static Map<String, String> digests() throws IOException {
        DocumentCleaner cleaner = new DocumentCleaner(new CleanerSettings("given", null, 1000, true, true,
                Set.of("roots", "gopher", "c4"), Map.of(), true, Set.of("en"), Set.of("en"), 5, 3));
        Path root = SharedData.path("webdocs");
        Map<String, String> digests = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                MessageDigest sha = sha256();
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode doc = JSON.readTree(line);
                    String lang = doc.hasNonNull("lang") ? doc.get("lang").asText() : null;
                    update(sha, cleaner.clean(doc.get("text").asText(), lang));
                }
                digests.put(root.relativize(f).toString(), HexFormat.of().formatHex(sha.digest()));
            }
        }
        return digests;
    }

    private static void update(MessageDigest sha, CleanedDocument d) {
        StringBuilder s = new StringBuilder();
        s.append(d.text()).append('\u0000').append(d.lang()).append(' ')
                .append(Long.toHexString(Double.doubleToLongBits(d.langScore())));
        for (FilterResult r : d.results()) {
            s.append(' ').append(r.rule()).append('=').append(Long.toHexString(Double.doubleToLongBits(r.value())))
                    .append('/').append(Long.toHexString(Double.doubleToLongBits(r.threshold()))).append(r.passed());
        }
        s.append(' ').append(d.pii()).append(' ').append(d.linesRemoved()).append('\n');
        sha.update(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> expected() throws IOException {
        Map<String, String> expected = new LinkedHashMap<>();
        try (InputStream in = CleanerWebdocsDigestTest.class.getResourceAsStream("webdocs-digests.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.trim().split(" ");
                    expected.put(parts[0], parts[1]);
                }
            }
        }
        return expected;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
