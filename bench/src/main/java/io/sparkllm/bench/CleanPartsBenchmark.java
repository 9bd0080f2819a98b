package io.sparkllm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.datasets.clean.CleanerSettings;
import io.sparkllm.datasets.clean.DocumentCleaner;
import io.sparkllm.datasets.clean.TextNormalizer;
import io.sparkllm.datasets.clean.c4.C4LineFilter;
import io.sparkllm.datasets.clean.gopher.GopherQualityFilter;
import io.sparkllm.datasets.clean.gopher.GopherRepetitionFilter;
import io.sparkllm.datasets.clean.lang.LanguageIdentifier;
import io.sparkllm.datasets.clean.pii.PiiRedactor;
import io.sparkllm.datasets.clean.roots.RootsFilters;
import io.sparkllm.datasets.clean.roots.RootsParameters;
import io.sparkllm.datasets.clean.roots.RootsWordLists;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code bench/run.sh clean-parts [passes] [part]}: single-thread MB/s of each part of the cleaning pass
 * (normalisation, language ID, each filter set, PII, and the whole cleaner) over the webdocs, by
 * the thread's CPU time, so that other work on the machine does not blur the figures. Each part
 * runs over every normalised document; MB are the documents' UTF-8 bytes. The best of the timed
 * passes counts, after two warm-up passes.
 */
public final class CleanPartsBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CleanPartsBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        String only = args.length > 1 ? args[1] : "";
        Path shared = Path.of(System.getenv().getOrDefault("SPARKLLM_SHARED_DATA",
                Path.of(System.getenv("SPARKLLM_ROOT"), "..", "shared", "data").toString()));
        List<String> raw = new ArrayList<>();
        List<String> langs = new ArrayList<>();
        read(shared.resolve("webdocs"), raw, langs);
        double mb = raw.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum() / 1e6;
        TextNormalizer normalizer = new TextNormalizer(true);
        List<String> texts = raw.stream().map(normalizer::normalize).toList();
        LanguageIdentifier lid = LanguageIdentifier.shared(1000);
        RootsFilters roots = new RootsFilters(RootsParameters.load(Map.of()), RootsWordLists.shipped());
        C4LineFilter c4 = C4LineFilter.builder().minWordsPerLine(5).minSentenceCount(3).build();
        GopherQualityFilter quality = new GopherQualityFilter();
        GopherRepetitionFilter repetition = new GopherRepetitionFilter();
        PiiRedactor pii = new PiiRedactor();
        DocumentCleaner cleaner = new DocumentCleaner(new CleanerSettings("given", null, 1000, true, true,
                Set.of("roots", "gopher", "c4"), Map.of(), true, Set.of("en"), Set.of("en"), 5, 3));
        String[] detected = texts.stream().map(t -> lid.detect(t).language()).toArray(String[]::new);

        Map<String, Consumer<Integer>> parts = new LinkedHashMap<>();
        parts.put("normalisation", i -> normalizer.normalize(raw.get(i)));
        parts.put("language identification", i -> lid.detect(texts.get(i)));
        parts.put("ROOTS rules", i -> roots.apply(texts.get(i), detected[i], 0.9, Double.NaN));
        parts.put("  character repetition", i -> RootsFilters.characterRepetitionRatio(texts.get(i),
                roots.parameters(detected[i]).characterRepetitionLength));
        parts.put("  special characters", i -> roots.specialCharactersRatio(texts.get(i)));
        parts.put("Gopher quality", i -> quality.apply(texts.get(i)));
        parts.put("Gopher repetition", i -> repetition.apply(texts.get(i)));
        parts.put("C4 lines", i -> c4.apply(texts.get(i)));
        parts.put("PII", i -> pii.redact(texts.get(i)));
        parts.put("whole cleaner", i -> cleaner.clean(raw.get(i), langs.get(i)));

        System.out.printf("webdocs: %d documents, %.1f MB; single thread, CPU time, best of %d passes%n",
                texts.size(), mb, passes);
        for (Map.Entry<String, Consumer<Integer>> part : parts.entrySet()) {
            if (!part.getKey().contains(only)) {
                continue;
            }
            long best = Long.MAX_VALUE;
            for (int pass = -2; pass < passes; pass++) {
                long start = THREADS.getCurrentThreadCpuTime();
                for (int i = 0; i < texts.size(); i++) {
                    part.getValue().accept(i);
                }
                long cpu = THREADS.getCurrentThreadCpuTime() - start;
                if (pass >= 0) {
                    best = Math.min(best, cpu);
                }
            }
            System.out.printf("%-26s %7.1f MB/s  (%.2f s)%n", part.getKey(), mb / (best / 1e9), best / 1e9);
        }
    }

    private static void read(Path webdocs, List<String> texts, List<String> langs) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.walk(webdocs)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode doc = json.readTree(line);
                    texts.add(doc.path("text").asText());
                    langs.add(doc.hasNonNull("lang") ? doc.get("lang").asText() : null);
                }
            }
        }
    }
}
