package io.sparkllm.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.jobs.tokenize.TokenizeJob;
import io.sparkllm.jobs.tokenizer.TokenizerTrainJob;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Translation data for the seq2seq tests: the first 600 Multi30K validation pairs (560 train, 40
 * valid) plus the first test_2016_flickr captions as pairs (dir/pairs), a 512-token BPE trained on
 * both languages with {@code <s>} (dir/bpe), their seq2seq examples (dir/mt) and a one-layer
 * Transformer preset sized for them (dir/mt.conf).
 */
public final class Multi30kTranslation {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Multi30kTranslation() {
    }

    /** Writes everything under {@code dir}, with {@code testPairs} test captions; returns the tokenize output (dir/mt). */
    public static Path prepare(Path dir, int testPairs) throws Exception {
        List<String> de = lines("multi30k/val.de.gz");
        List<String> en = lines("multi30k/val.en.gz");
        List<String> testDe = lines("multi30k/test_2016_flickr.de.gz");
        List<String> testEn = lines("multi30k/test_2016_flickr.en.gz");
        List<Row> pairs = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            pairs.add(RowFactory.create("p" + String.format("%04d", i), de.get(i), en.get(i), i < 560 ? "train" : "valid"));
            text.append(JSON.writeValueAsString(Map.of("id", "d" + i, "text", de.get(i) + "\n" + en.get(i)))).append('\n');
        }
        for (int i = 0; i < testPairs; i++) {
            pairs.add(RowFactory.create("t" + String.format("%02d", i), testDe.get(i), testEn.get(i), "test"));
        }
        StructType schema = new StructType().add("id", "string").add("src", "string").add("tgt", "string").add("split", "string");
        TestSpark.session().createDataFrame(pairs, schema).write().parquet(dir.resolve("pairs").toString());
        Files.writeString(dir.resolve("text.jsonl"), text);
        Map<String, Object> bpe = new HashMap<>();
        bpe.put("input", List.of(dir.resolve("text.jsonl").toString()));
        bpe.put("output", dir.resolve("bpe").toString());
        bpe.put("vocab-size", 512);
        bpe.put("special-tokens", List.of("<|endoftext|>", "<s>"));
        Jobs.run(new TokenizerTrainJob(), bpe);
        Map<String, Object> tokenize = new HashMap<>();
        tokenize.put("input", List.of(dir.resolve("pairs").toString()));
        tokenize.put("output", dir.resolve("mt").toString());
        tokenize.put("tokenizer", dir.resolve("bpe/tokenizer.json").toString());
        tokenize.put("task", "seq2seq");
        tokenize.put("bos-token", "<s>");
        Jobs.run(new TokenizeJob(), tokenize);
        Files.writeString(dir.resolve("mt.conf"), "model { family = transformer, vocab-size = 512, max-positions = 96, "
                + "d-model = 32, layers = 1, heads = 2, ffn-size = 64, activation = relu }");
        return dir.resolve("mt");
    }

    /** The lines of a gzipped file of the shared data. */
    public static List<String> lines(String file) throws Exception {
        try (var in = new GZIPInputStream(Files.newInputStream(SharedData.path(file)))) {
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
    }
}
