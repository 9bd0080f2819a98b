package io.sparkllm.jobs.clean;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.sparkllm.datasets.clean.CleanerSettings;
import io.sparkllm.datasets.clean.DocumentCleaner;
import io.sparkllm.datasets.clean.PerplexityScorer;
import io.sparkllm.datasets.clean.roots.RootsParameters;
import io.sparkllm.datasets.ngram.ArpaModel;
import io.sparkllm.jobs.io.CorpusInput;
import io.sparkllm.jobs.CorpusJob;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.JobFailedException;
import io.sparkllm.runtime.UsageException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * {@code sparkllm clean}: reads documents, normalises them, runs every configured filter on every
 * document, redacts PII, drops exact duplicates, and writes {@code kept/}, {@code rejected/} (with
 * each failed rule, its value and threshold), {@code quarantine/} (unreadable records) and
 * {@code stats.json}. Every record read lands in exactly one of the three.
 */
public final class CleanJob extends CorpusJob {
    @Override
    public String name() {
        return "clean";
    }

    @Override
    public void run(JobContext context) throws Exception {
        Config c = context.config();
        SparkSession spark = context.spark();
        CleanerSettings settings = settings(c);
        DocumentCleaner cleaner = new DocumentCleaner(settings, perplexityScorer(context, settings));

        // One pass over the input: unreadable records keep their error, documents are cleaned.
        // One linear plan (clean, mark duplicates, spread into the output files by a stable hash
        // and sort), cached once; the three outputs are filters of it, with no shuffle of their own.
        Dataset<Row> records = CorpusInput.read(context);
        Dataset<Row> all = spark.createDataFrame(
                records.javaRDD().mapPartitions(rows -> CleanedRows.clean(rows, cleaner)), CleanedRows.SCHEMA);
        if (c.getBoolean("filters.exact-dedup")) {
            all = withExactDuplicates(all);
        }
        int outputFiles = c.getInt("output-files");
        Column[] order = {col("file"), col("line"), col("offset"), col("id")};
        all = all.withColumn("passed_all", expr("error IS NULL AND forall(results, r -> r.passed)"))
                .repartition(outputFiles, pmod(xxhash64(order), lit(outputFiles)))
                .sortWithinPartitions(order)
                .persist(StorageLevel.MEMORY_AND_DISK());
        Column readable = col("error").isNull();

        Dataset<Row> kept = all.filter(readable.and(col("passed_all")))
                .select(col("id"), col("text"), col("lang"), col("lang_score"), col("file").as("source"), col("meta"));
        Dataset<Row> rejected = all.filter(readable.and(not(col("passed_all"))))
                .select(col("id"), col("lang"),
                        expr("transform(filter(results, r -> NOT r.passed), "
                                + "r -> named_struct('rule', r.rule, 'value', r.value, 'threshold', r.threshold))")
                                .as("failures"),
                        col("text"), col("file").as("source"), col("line"), col("meta"));
        Dataset<Row> quarantine = all.filter(not(readable)).select("file", "line", "offset", "error", "raw");

        long keptCount = write(kept, context, "kept");
        long rejectedCount = write(rejected, context, "rejected");
        long quarantined = write(quarantine, context, "quarantine");
        Map<String, Object> stats = CleanStats.compute(all);
        context.writeJson("stats.json", stats);
        long read = CleanStats.documents(stats, "in");
        // The counts read back from the written files must add up to what was read.
        context.recordAccounting(String.join(",", c.getStringList("input")), "documents_in", read, "kept",
                keptCount, rejectedCount, quarantined);
        all.unpersist();
    }

    /**
     * Marks every copy of a text after the first (in file, line, id order) with a failed
     * {@code exact_duplicate} rule whose value is the number of earlier copies.
     */
    static Dataset<Row> withExactDuplicates(Dataset<Row> cleaned) {
        // Unreadable records have no text: each gets a key of its own, so they neither match nor pile up.
        Column key = coalesce(col("text_hash"), concat(lit("unreadable:"), col("file"), lit(":"),
                coalesce(col("offset").cast("string"), lit("")), lit(":"), coalesce(col("line").cast("string"), lit(""))));
        Column rank = row_number().over(Window.partitionBy(key).orderBy(col("file"), col("line"), col("id")));
        Dataset<Row> ranked = cleaned.withColumn("_copy", rank.minus(1));
        Column result = struct(lit("exact_duplicate").as("rule"), col("_copy").cast("double").as("value"),
                lit(0.0).as("threshold"), col("_copy").equalTo(0).as("passed"));
        return ranked.withColumn("results", when(col("error").isNull(), concat(col("results"), array(result))))
                .drop("_copy");
    }

    private static long write(Dataset<Row> rows, JobContext context, String name) {
        rows.write().parquet(context.staging(name).toString());
        return context.spark().read().parquet(context.staging(name).toString()).count();
    }

    /** Loads the configured ARPA models on the driver and broadcasts them; NONE when there are none. */
    private static PerplexityScorer perplexityScorer(JobContext context, CleanerSettings settings) throws IOException {
        ConfigObject paths = context.config().getObject("filters.roots.perplexity-models");
        if (paths.isEmpty()) {
            return PerplexityScorer.NONE;
        }
        Map<String, ArpaModel> models = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> e : paths.entrySet()) {
            Path path = new Path(String.valueOf(e.getValue().unwrapped()));
            try (InputStream in = path.getFileSystem(context.hadoopConf()).open(path)) {
                InputStream stream = path.getName().endsWith(".gz") ? new GZIPInputStream(in) : in;
                models.put(e.getKey(), ArpaModel.read(stream));
            } catch (FileNotFoundException missing) {
                throw new JobFailedException("perplexity model for '" + e.getKey() + "' not found: " + path);
            } catch (IllegalArgumentException malformed) {
                throw new JobFailedException(path + ": " + malformed.getMessage());
            }
            context.say("perplexity model for " + e.getKey() + ": " + models.get(e.getKey()));
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(context.spark().sparkContext());
        return new BroadcastPerplexity(sc.broadcast(models), RootsParameters.load(settings.rootsOverrides()));
    }

    static CleanerSettings settings(Config c) {
        Map<String, Map<String, Object>> overrides = new LinkedHashMap<>();
        ConfigObject roots = c.getObject("filters.roots.overrides");
        for (Map.Entry<String, ConfigValue> language : roots.entrySet()) {
            if (!(language.getValue() instanceof ConfigObject params)) {
                throw new UsageException("filters.roots.overrides." + language.getKey()
                        + " must be a section of ROOTS parameters, e.g. { stopwords_min_cutoff = 0.25 }");
            }
            Map<String, Object> values = new LinkedHashMap<>();
            params.forEach((k, v) -> values.put(k, v.unwrapped()));
            overrides.put(language.getKey(), values);
        }
        try {
            return new CleanerSettings(c.getString("lang.mode"), c.getIsNull("lang.default") ? null
                    : c.getString("lang.default"), c.getInt("lang.max-chars"), c.getBoolean("normalize.uniform-whitespace"),
                    c.getBoolean("normalize.roots-word-stripping"),
                    new LinkedHashSet<>(c.getStringList("filters.sets")), overrides, c.getBoolean("pii.enabled"),
                    new LinkedHashSet<>(c.getStringList("filters.gopher.languages")),
                    new LinkedHashSet<>(c.getStringList("filters.c4.languages")),
                    c.getInt("filters.c4.min-words-per-line"), c.getInt("filters.c4.min-sentences"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
