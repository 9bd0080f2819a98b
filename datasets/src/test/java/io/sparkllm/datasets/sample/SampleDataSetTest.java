package io.sparkllm.datasets.sample;

import io.sparkllm.datasets.testing.SharedData;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class SampleDataSetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> REAL_FILE_PREFIX =
            Map.of("python", "Python/", "cpp", "CPP/", "java", "Java/", "js", "JavaScript/", "go", "Go/");

    private static Map<String, byte[]> generate(long seed, int docs) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        new SampleDataSet(seed, docs, 100, 100).writeTo(files::put);
        return files;
    }

    private static String gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> lines(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    }


    @Test
    void theSameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot() throws IOException {
        Map<String, byte[]> a = generate(7, 300);
        Map<String, byte[]> b = generate(7, 300);
        Map<String, byte[]> c = generate(8, 300);
        assertThat(a.keySet()).isEqualTo(b.keySet());
        for (String path : a.keySet()) {
            assertThat(b.get(path)).as(path).isEqualTo(a.get(path));
        }
        assertThat(c.get("webdocs/sample_web.jsonl")).isNotEqualTo(a.get("webdocs/sample_web.jsonl"));
    }

    @Test
    void everyDocumentHasATruthRowAndEveryPlantedCaseIsPresent() throws IOException {
        Map<String, byte[]> files = generate(20240611, 400);
        List<String> raw = new ArrayList<>(lines(files.get("webdocs/sample_web.jsonl")));
        raw.addAll(gunzip(files.get("webdocs/sample_web_more.jsonl.gz")).lines().toList());
        Map<String, JsonNode> truth = new LinkedHashMap<>();
        for (String line : lines(files.get("truth/webdocs.jsonl"))) {
            JsonNode t = JSON.readTree(line);
            truth.put(t.get("id").asText(), t);
        }
        assertThat(raw).hasSize(truth.size());

        Map<String, JsonNode> docs = new HashMap<>();
        int unreadable = 0;
        for (String line : raw) {
            try {
                JsonNode doc = JSON.readTree(line);
                if (!doc.hasNonNull("text")) {
                    unreadable++;
                    continue;
                }
                docs.put(doc.get("id").asText(), doc);
            } catch (IOException e) {
                unreadable++;
            }
        }
        Set<String> kinds = truth.values().stream().map(t -> t.get("kind").asText()).collect(Collectors.toSet());
        assertThat(kinds).contains("clean", "exact_duplicate", "near_duplicate", "pii", "date_not_pii", "junk",
                "wrong_language_label", "bad_record");
        long bad = truth.values().stream().filter(t -> t.get("kind").asText().equals("bad_record")).count();
        // bad JSON and missing/null text fail to parse here; invalid UTF-8 is only caught by a strict decoder
        assertThat(unreadable).isEqualTo(bad - 1);
        assertThat(strictUtf8Failures(files.get("webdocs/sample_web.jsonl"))).isEqualTo(1);

        for (JsonNode t : truth.values()) {
            String kind = t.get("kind").asText();
            JsonNode doc = docs.get(t.get("id").asText());
            switch (kind) {
                case "exact_duplicate" -> assertThat(doc.get("text")).isEqualTo(docs.get(t.get("of").asText()).get("text"));
                case "near_duplicate" -> {
                    String original = docs.get(t.get("of").asText()).get("text").asText();
                    assertThat(doc.get("text").asText()).isNotEqualTo(original);
                    assertThat(jaccard(words(doc.get("text").asText()), words(original))).isGreaterThan(0.5);
                }
                case "pii" -> assertThat(doc.get("text").asText())
                        .containsPattern("@|\\d+\\.\\d+\\.\\d+\\.\\d+|2001:db8|AKIA");
                default -> {
                }
            }
        }
    }

    private static int strictUtf8Failures(byte[] file) {
        int failures = 0;
        int start = 0;
        for (int i = 0; i <= file.length; i++) {
            if (i == file.length || file[i] == '\n') {
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .decode(java.nio.ByteBuffer.wrap(file, start, i - start));
                } catch (CharacterCodingException e) {
                    failures++;
                }
                start = i + 1;
            }
        }
        return failures;
    }

    /** Character 5-grams: a similarity that works for Chinese as well as for spaced languages. */
    private static Set<String> words(String text) {
        Set<String> shingles = new HashSet<>();
        for (int i = 0; i + 5 <= text.length(); i++) {
            shingles.add(text.substring(i, i + 5));
        }
        return shingles;
    }

    private static double jaccard(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return (double) both.size() / union.size();
    }

    @Test
    void pairSplitsAreAlignedAndThePlantedBadPairsAreInTrain() throws IOException {
        Map<String, byte[]> files = generate(1, 100);
        for (String split : List.of("train", "val", "test_2016_flickr")) {
            List<String> de = gunzip(files.get("multi30k/" + split + ".de.gz")).lines().toList();
            List<String> en = gunzip(files.get("multi30k/" + split + ".en.gz")).lines().toList();
            assertThat(de).as(split).hasSameSizeAs(en);
        }
        assertThat(gunzip(files.get("multi30k/val.de.gz")).lines()).hasSize(100);
        assertThat(gunzip(files.get("multi30k/train.en.gz")).lines()).hasSize(600 + 8);
        List<String> kinds = lines(files.get("truth/pairs.jsonl")).stream()
                .map(l -> {
                    try {
                        return JSON.readTree(l).get("kind").asText();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
        assertThat(kinds).containsExactlyInAnyOrder("empty_side", "empty_side", "too_long", "length_ratio",
                "identical", "wrong_language", "control_characters", "duplicate");
        assertThat(lines(files.get("pairs_extra/misaligned.de"))).hasSize(10);
        assertThat(lines(files.get("pairs_extra/misaligned.en"))).hasSize(9);
    }

    @Test
    void problemsHaveExactlyTheFieldsOfTheRealHumanEvalXFiles() throws IOException {
        Map<String, byte[]> files = generate(1, 50);
        for (String language : SampleProblems.LANGUAGES) {
            Path real = SharedData.path("humaneval-x/humaneval_" + language + ".jsonl.gz");
            JsonNode realRecord = JSON.readTree(gunzip(Files.readAllBytes(real)).lines().findFirst().orElseThrow());
            List<String> sample = gunzip(files.get("humaneval-x/humaneval_" + language + ".jsonl.gz")).lines().toList();
            assertThat(sample).hasSize(3);
            for (String line : sample) {
                JsonNode record = JSON.readTree(line);
                assertThat(fieldNames(record)).as(language).isEqualTo(fieldNames(realRecord));
                assertThat(record.get("task_id").asText()).startsWith(REAL_FILE_PREFIX.get(language));
                assertThat(record.get("prompt").asText()).isNotBlank();
            }
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void rejectsSizesItCannotHonour() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SampleDataSet(1, 5, 100, 100))
                .hasMessage("documents must be at least 10, got 5");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SampleDataSet(1, 100, 300, 300))
                .hasMessage("val and test pairs must be 1..400 together, got 300 + 300");
    }
}
