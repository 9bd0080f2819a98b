package io.sparkllm.testing;

import com.typesafe.config.Config;
import io.sparkllm.runtime.Job;
import io.sparkllm.runtime.JobContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.split;

/** A real Spark job for the runtime tests (conf/jobs/test-words.conf): word counts of text files. */
public final class WordCountJob implements Job {
    @Override
    public String name() {
        return "test-words";
    }

    @Override
    public List<String> inputs(Config config) {
        return List.of(config.getString("input"));
    }

    @Override
    public String output(Config config) {
        return config.getString("output");
    }

    @Override
    public void run(JobContext context) throws Exception {
        Config c = context.config();
        long sleep = c.getLong("task-sleep-ms");
        Dataset<String> lines = context.spark().read().textFile(c.getString("input"));
        if (sleep > 0) {
            lines = lines.mapPartitions((MapPartitionsFunction<String, String>) it -> {
                Thread.sleep(sleep);
                return it;
            }, Encoders.STRING());
        }
        long lineCount = lines.count();
        context.recordInput(c.getString("input"), lineCount);
        var words = lines.select(explode(split(c.getBoolean("options.lowercase") ? lower(col("value")) : col("value"),
                "\\s+")).as("word")).filter(col("word").notEqual(""));
        Dataset<Row> counts = words.groupBy("word").count().filter(col("count").geq(c.getInt("options.min-count")))
                .orderBy("word");
        counts.write().parquet(context.staging("counts").toString());
        context.recordOutput("counts", "counts", counts.count(), "kept");
        if (c.getBoolean("fail-after-write")) {
            throw new IllegalStateException("planted failure after writing counts");
        }
    }
}
