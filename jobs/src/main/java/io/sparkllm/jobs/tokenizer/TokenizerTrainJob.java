package io.sparkllm.jobs.tokenizer;

import com.typesafe.config.Config;
import io.sparkllm.jobs.CorpusJob;
import io.sparkllm.jobs.io.CorpusInput;
import io.sparkllm.model.tokenizer.ByteLevelBpeTrainer;
import io.sparkllm.model.tokenizer.Gpt2PreTokenizer;
import io.sparkllm.model.tokenizer.Tokenizer;
import io.sparkllm.model.tokenizer.TokenizerFiles;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.UsageException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * {@code sparkllm tokenizer-train}: counts the GPT-2 pre-token words of a corpus on Spark, collects
 * the distinct words with their counts to the driver and learns byte-level BPE merges there
 * ({@link ByteLevelBpeTrainer}); writes {@code tokenizer.json} (loadable by Hugging Face and by
 * {@code sparkllm tokenizer}) and {@code stats.json}. Driver memory holds every distinct word.
 */
public final class TokenizerTrainJob extends CorpusJob {
    @Override
    public String name() {
        return "tokenizer-train";
    }

    @Override
    public void run(JobContext context) throws Exception {
        Config c = context.config();
        int vocabSize = c.getInt("vocab-size");
        long minFrequency = c.getLong("min-frequency");
        List<String> specials = c.getStringList("special-tokens");
        ByteLevelBpeTrainer trainer;
        try {
            trainer = new ByteLevelBpeTrainer(vocabSize, minFrequency, specials);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        Dataset<Row> records = CorpusInput.read(context);
        Dataset<Row> documents = records.filter(col("error").isNull());
        JavaPairRDD<String, Long> counts = documents.select("text").javaRDD()
                .filter(r -> !r.isNullAt(0))
                .flatMap(r -> Gpt2PreTokenizer.words(r.getString(0)).iterator())
                .mapToPair(w -> new Tuple2<>(w, 1L))
                .reduceByKey(Long::sum);
        Map<String, Long> words = new HashMap<>(counts.collectAsMap());
        if (words.isEmpty()) {
            throw new UsageException("no text to train on: the input holds no documents");
        }
        context.say(String.format("%d distinct words counted; learning merges up to %d tokens", words.size(),
                vocabSize));
        Tokenizer tokenizer = trainer.train(words);

        FileSystem fs = context.fileSystem(context.staging());
        try (FSDataOutputStream out = fs.create(context.staging("tokenizer.json"), false)) {
            TokenizerFiles.write(tokenizer, out);
        }
        long documentCount = documents.count();
        long wordCount = words.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("documents", documentCount);
        stats.put("words", wordCount);
        stats.put("distinct_words", words.size());
        stats.put("vocab_size", tokenizer.vocabSize());
        stats.put("merges", tokenizer.vocabSize() - 256 - specials.size());
        stats.put("special_tokens", tokenizer.specialTokens());
        context.writeJson("stats.json", stats);
        context.recordInput(String.join(",", c.getStringList("input")), records.count());
        context.recordOutput("tokenizer.json", "tokenizer.json", tokenizer.vocabSize(), "vocabulary");
        context.count("documents", documentCount);
        context.count("distinct_words", words.size());
        context.count("vocab_size", tokenizer.vocabSize());
    }
}
