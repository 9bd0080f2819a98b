package io.sparkllm.jobs.ngram;

import com.typesafe.config.Config;
import io.sparkllm.datasets.clean.LmText;
import io.sparkllm.datasets.ngram.KneserNeyEstimator;
import io.sparkllm.jobs.io.CorpusInput;
import io.sparkllm.jobs.CorpusJob;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.UsageException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * {@code sparkllm ngram-train}: counts the n-grams of a reference corpus on Spark (each sentence
 * padded as KenLM does), collects the counts to the driver and estimates an interpolated modified
 * Kneser-Ney model there, written as {@code model.arpa} for the clean job's perplexity filter.
 * The estimate holds every distinct n-gram in driver memory (a few hundred bytes each).
 */
public final class NgramTrainJob extends CorpusJob {
    @Override
    public String name() {
        return "ngram-train";
    }

    @Override
    public void run(JobContext context) throws Exception {
        Config c = context.config();
        int order = c.getInt("order");
        if (order < 1 || order > 6) {
            throw new UsageException("order must be 1 to 6, got " + order);
        }
        boolean cjk = c.getBoolean("cjk-characters");
        Dataset<Row> records = CorpusInput.read(context);
        Dataset<Row> documents = records.filter(col("error").isNull());
        if (!c.getIsNull("lang")) {
            documents = documents.filter(col("lang").equalTo(c.getString("lang")));
        }
        JavaRDD<List<String>> sentences = documents.select("text").javaRDD()
                .flatMap(r -> LmText.sentences(r.getString(0), cjk).iterator());
        JavaPairRDD<String, Long> counts = sentences
                .flatMap(s -> KneserNeyEstimator.ngramsOf(s, order).stream().map(g -> String.join(" ", g)).iterator())
                .mapToPair(g -> new Tuple2<>(g, 1L))
                .reduceByKey(Long::sum);

        KneserNeyEstimator estimator = new KneserNeyEstimator(order);
        long distinct = 0;
        for (Iterator<Tuple2<String, Long>> it = counts.toLocalIterator(); it.hasNext(); ) {
            Tuple2<String, Long> t = it.next();
            estimator.add(t._1().split(" "), t._2());
            distinct++;
        }
        if (distinct == 0) {
            throw new UsageException("no text to train on: the input holds no documents"
                    + (c.getIsNull("lang") ? "" : " with lang = " + c.getString("lang")));
        }
        estimator.build();
        FileSystem fs = context.fileSystem(context.staging());
        try (OutputStream out = fs.create(context.staging("model.arpa"), false);
             BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            estimator.writeArpa(writer);
        }
        long documentCount = documents.count();
        long sentenceCount = sentences.count();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("documents", documentCount);
        stats.put("sentences", sentenceCount);
        stats.put("order", order);
        List<Map<String, Object>> orders = new ArrayList<>();
        for (int n = 1; n <= order; n++) {
            Map<String, Object> level = new LinkedHashMap<>();
            level.put("n", n);
            level.put("ngrams", estimator.ngramCount(n));
            KneserNeyEstimator.Discounts d = estimator.discounts(n);
            level.put("discounts", d);
            orders.add(level);
        }
        stats.put("orders", orders);
        context.writeJson("stats.json", stats);
        context.recordInput(String.join(",", c.getStringList("input")), records.count());
        context.recordOutput("model.arpa", "model.arpa", estimator.ngramCount(order), "model");
        context.count("documents", documentCount);
        context.count("sentences", sentenceCount);
        context.count("distinct_counted_ngrams", distinct);
    }
}
