package io.sparkllm.datasets.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The demo data set: an offline stand-in for {@code ../shared/data}, laid out the same way
 * (webdocs/, multi30k/, humaneval-x/, text/) plus code files and truth tables naming every planted
 * case. The same settings always give byte-identical files.
 */
public final class SampleDataSet {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> EXTENSIONS =
            Map.of("python", "py", "cpp", "cpp", "java", "java", "js", "js", "go", "go");

    private final long seed;
    private final int documents;
    private final int validPairs;
    private final int testPairs;

    /**
     * @param documents web documents to generate (planted cases included)
     * @param validPairs pairs in the val split; the test split has {@code testPairs}; train the rest
     */
    public SampleDataSet(long seed, int documents, int validPairs, int testPairs) {
        if (documents < 10) {
            throw new IllegalArgumentException("documents must be at least 10, got " + documents);
        }
        if (validPairs < 1 || testPairs < 1 || validPairs + testPairs > 400) {
            throw new IllegalArgumentException("val and test pairs must be 1..400 together, got "
                    + validPairs + " + " + testPairs);
        }
        this.seed = seed;
        this.documents = documents;
        this.validPairs = validPairs;
        this.testPairs = testPairs;
    }

    /** Writes every file and returns the record count of each, by relative path. */
    public Map<String, Long> writeTo(SampleSink sink) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        writeWebDocs(sink, counts);
        writePairs(sink, counts);
        writeProblems(sink, counts);
        sink.write("README.md", readme().getBytes(StandardCharsets.UTF_8));
        return counts;
    }

    private void writeWebDocs(SampleSink sink, Map<String, Long> counts) throws IOException {
        WebDocGenerator web = new WebDocGenerator(seed);
        web.generate(documents);
        List<Map<String, Object>> docs = web.docs();
        int half = docs.size() / 2;
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        List<Map<String, Object>> truth = new ArrayList<>(web.truth());
        for (int i = 0; i < half; i++) {
            plain.write(jsonLine(docs.get(i)));
            if (i % 50 == 25) {
                BadRecord bad = BadRecord.values()[(i / 50) % BadRecord.values().length];
                String id = String.format("bad-%05d", i);
                plain.write(bad.bytes(id));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", id);
                row.put("kind", "bad_record");
                row.put("of", null);
                row.put("detail", bad.name());
                truth.add(row);
            }
        }
        long badRecords = truth.size() - web.truth().size();
        sink.write("webdocs/sample_web.jsonl", plain.toByteArray());
        counts.put("webdocs/sample_web.jsonl", half + badRecords);
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        for (int i = half; i < docs.size(); i++) {
            rest.write(jsonLine(docs.get(i)));
        }
        sink.write("webdocs/sample_web_more.jsonl.gz", gzip(rest.toByteArray()));
        counts.put("webdocs/sample_web_more.jsonl.gz", (long) docs.size() - half);
        write(sink, counts, "truth/webdocs.jsonl", truth);

        StringBuilder corpus = new StringBuilder();
        long cleanDocuments = 0;
        for (int i = 0; i < docs.size(); i++) {
            if (web.truth().get(i).get("kind").equals("clean")) {
                corpus.append(docs.get(i).get("text")).append("\n\n");
                cleanDocuments++;
            }
        }
        sink.write("text/input.txt", corpus.toString().getBytes(StandardCharsets.UTF_8));
        counts.put("text/input.txt", cleanDocuments);
    }

    private void writePairs(SampleSink sink, Map<String, Long> counts) throws IOException {
        PairGenerator pairs = new PairGenerator(seed + 1);
        pairs.generate(validPairs, testPairs);
        for (Map.Entry<String, List<PairGenerator.Pair>> split : pairs.splits().entrySet()) {
            StringBuilder de = new StringBuilder();
            StringBuilder en = new StringBuilder();
            for (PairGenerator.Pair p : split.getValue()) {
                de.append(p.de()).append('\n');
                en.append(p.en()).append('\n');
            }
            for (String side : List.of("de", "en")) {
                String path = "multi30k/" + split.getKey() + "." + side + ".gz";
                sink.write(path, gzip((side.equals("de") ? de : en).toString().getBytes(StandardCharsets.UTF_8)));
                counts.put(path, (long) split.getValue().size());
            }
        }
        List<PairGenerator.Pair> val = pairs.splits().get("val");
        StringBuilder de = new StringBuilder();
        StringBuilder en = new StringBuilder();
        for (int i = 0; i < Math.min(10, val.size()); i++) {
            de.append(val.get(i).de()).append('\n');
            if (i != 3) { // one English line missing: the files no longer align
                en.append(val.get(i).en()).append('\n');
            }
        }
        sink.write("pairs_extra/misaligned.de", de.toString().getBytes(StandardCharsets.UTF_8));
        sink.write("pairs_extra/misaligned.en", en.toString().getBytes(StandardCharsets.UTF_8));
        counts.put("pairs_extra/misaligned.de", de.chars().filter(c -> c == '\n').count());
        counts.put("pairs_extra/misaligned.en", en.chars().filter(c -> c == '\n').count());
        write(sink, counts, "truth/pairs.jsonl", pairs.truth());
    }

    private void writeProblems(SampleSink sink, Map<String, Long> counts) throws IOException {
        for (String language : SampleProblems.LANGUAGES) {
            List<Map<String, String>> problems = SampleProblems.forLanguage(language);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Map<String, String> p : problems) {
                out.write(jsonLine(p));
                String name = p.get("task_id").replace('/', '_');
                String program = (language.equals("go") ? "package main\n\n" : "")
                        + p.get("prompt") + p.get("canonical_solution");
                sink.write("code/" + language + "/" + name + "." + EXTENSIONS.get(language),
                        program.getBytes(StandardCharsets.UTF_8));
            }
            String path = "humaneval-x/humaneval_" + language + ".jsonl.gz";
            sink.write(path, gzip(out.toByteArray()));
            counts.put(path, (long) problems.size());
            counts.put("code/" + language, (long) problems.size());
        }
    }

    private static void write(SampleSink sink, Map<String, Long> counts, String path, List<? extends Map<String, ?>> rows)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map<String, ?> row : rows) {
            out.write(jsonLine(row));
        }
        sink.write(path, out.toByteArray());
        counts.put(path, (long) rows.size());
    }

    private static byte[] jsonLine(Map<String, ?> row) {
        try {
            return (JSON.writeValueAsString(row) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }

    private String readme() {
        return """
                # sparkllm sample data set

                Generated by `sparkllm sample` (seed %d, %d web documents). Laid out like `../shared/data`:

                - `webdocs/*.jsonl[.gz]`: web-like documents (id, text, url, lang, source) in en, de, fr, es, zh,
                  with planted exact and near duplicates, PII, junk, a wrong language label, and unreadable
                  records (bad JSON, invalid UTF-8, missing or null text) in `sample_web.jsonl`.
                - `truth/webdocs.jsonl`: what was planted in each document (kind, and `of` for copies).
                - `multi30k/{train,val,test_2016_flickr}.{de,en}.gz`: line-aligned German-English pairs;
                  train holds planted bad pairs listed in `truth/pairs.jsonl`.
                - `pairs_extra/misaligned.{de,en}`: two files whose line counts differ.
                - `humaneval-x/humaneval_{python,cpp,java,js,go}.jsonl.gz`: problems in the HumanEval-X format.
                - `code/LANG/`: each problem's prompt and solution as a source file.
                - `text/input.txt`: the clean documents as plain text.
                """.formatted(seed, documents);
    }

    /** Records no reader can take; each must end in quarantine, never be dropped silently. */
    private enum BadRecord {
        BAD_JSON, INVALID_UTF8, MISSING_TEXT, NULL_TEXT;

        byte[] bytes(String id) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String head = "{\"id\":\"" + id + "\",";
            switch (this) {
                case BAD_JSON -> out.writeBytes((head + "\"text\": \"unterminated string, \"lang\": \"en\"}\n")
                        .getBytes(StandardCharsets.UTF_8));
                case INVALID_UTF8 -> {
                    out.writeBytes((head + "\"text\":\"caf").getBytes(StandardCharsets.UTF_8));
                    out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
                    out.writeBytes(" au lait\",\"lang\":\"fr\"}\n".getBytes(StandardCharsets.UTF_8));
                }
                case MISSING_TEXT -> out.writeBytes((head + "\"url\":null,\"lang\":\"en\"}\n")
                        .getBytes(StandardCharsets.UTF_8));
                case NULL_TEXT -> out.writeBytes((head + "\"text\":null,\"lang\":\"en\"}\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return out.toByteArray();
        }
    }
}
