package io.sparkllm.jobs.pairs;

import com.typesafe.config.Config;
import io.sparkllm.datasets.pairs.PairFilter;
import io.sparkllm.datasets.pairs.PairLineParser;
import io.sparkllm.datasets.pairs.PairRuleSettings;
import io.sparkllm.datasets.pairs.PairSource;
import io.sparkllm.datasets.pairs.PairSplits;
import io.sparkllm.jobs.CorpusJob;
import io.sparkllm.jobs.io.HadoopConf;
import io.sparkllm.jobs.io.InputFiles;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.JobFailedException;
import io.sparkllm.runtime.UsageException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.array;
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
 * {@code sparkllm pairs}: reads translation pairs (Moses parallel files, TSV, JSONL), runs every
 * enabled rule on every pair, drops exact duplicate pairs, assigns splits, and writes
 * {@code pairs/}, {@code rejected/} (each failed rule with its value and threshold),
 * {@code quarantine/} (unreadable lines, misaligned files) and {@code stats.json}. Every input line
 * lands in exactly one of the three.
 */
public final class PairsJob extends CorpusJob {
    @Override
    public String name() {
        return "pairs";
    }

    @Override
    public void run(JobContext context) throws Exception {
        Config c = context.config();
        SparkSession spark = context.spark();
        String srcLang = c.getString("src-lang");
        String tgtLang = c.getString("tgt-lang");
        String splitMode = c.getString("split.mode");
        List<PairSource> units = units(context, srcLang, tgtLang, splitMode);
        PairLineParser parser = parser(c);
        CheckedPairs checker = new CheckedPairs(new PairFilter(ruleSettings(c), srcLang, tgtLang), splits(c), splitMode);
        HadoopConf hadoop = new HadoopConf(context.hadoopConf());
        int keepBytes = c.getInt("max-line-bytes");

        // One task per unit (a Moses file pair reads its two files in step), then one linear plan:
        // check, mark duplicates, spread into the output files by a stable hash and sort, cached once.
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // Units travel in the closure (Java serialisation): Spark's Kryo can't build records.
        List<Integer> indexes = java.util.stream.IntStream.range(0, units.size()).boxed().toList();
        JavaRDD<Row> lines = sc.parallelize(indexes, units.size()).flatMap(i -> new PairFileReader(units.get(i), parser,
                hadoop, keepBytes).rows(units.get(i).missingPartner(srcLang, tgtLang)));
        Dataset<Row> all = spark.createDataFrame(spark.createDataFrame(lines, PairFileReader.SCHEMA).javaRDD()
                .mapPartitions(checker::check), CheckedPairs.SCHEMA);
        if (c.getBoolean("rules.duplicate.enabled")) {
            all = withDuplicates(all);
        }
        int outputFiles = c.getInt("output-files");
        Column[] order = {col("source"), col("line")};
        all = all.withColumn("passed_all", expr("error IS NULL AND forall(results, r -> r.passed)"))
                .repartition(outputFiles, pmod(xxhash64(order), lit(outputFiles)))
                .sortWithinPartitions(order)
                .persist(StorageLevel.MEMORY_AND_DISK());
        Column readable = col("error").isNull();
        Column srcLangCol = lit(srcLang).as("src_lang");
        Column tgtLangCol = lit(tgtLang).as("tgt_lang");

        Dataset<Row> kept = all.filter(readable.and(col("passed_all")))
                .select(col("id"), col("src"), col("tgt"), srcLangCol, tgtLangCol, col("split"));
        Dataset<Row> rejected = all.filter(readable.and(not(col("passed_all"))))
                .select(col("id"), col("src"), col("tgt"), srcLangCol, tgtLangCol, col("split"),
                        expr("transform(filter(results, r -> NOT r.passed), "
                                + "r -> named_struct('rule', r.rule, 'value', r.value, 'threshold', r.threshold))")
                                .as("failures"),
                        col("source"), col("line"));
        Dataset<Row> quarantine = all.filter(not(readable)).select("source", "line", "split", "error", "raw");

        long keptCount = write(kept, context, "pairs");
        long rejectedCount = write(rejected, context, "rejected");
        long quarantined = write(quarantine, context, "quarantine");
        Map<String, Object> stats = PairStats.compute(all);
        context.writeJson("stats.json", stats);
        // A misaligned file pair is the user's to fix: say so, once per pair, not only in quarantine/.
        for (Row r : quarantine.filter(col("error").startsWith("misaligned:")).select("error").distinct()
                .orderBy("error").collectAsList()) {
            context.say(r.getString(0));
        }
        long read = PairStats.pairs(stats, "in");
        // The counts read back from the written files must add up to what was read.
        context.recordAccounting(String.join(",", c.getStringList("input")), "pairs_in", read, "pairs",
                keptCount, rejectedCount, quarantined);
        all.unpersist();
    }

    private static List<PairSource> units(JobContext context, String srcLang, String tgtLang, String splitMode)
            throws Exception {
        List<String> files = new ArrayList<>(InputFiles.expand(context.config().getStringList("input"),
                context.hadoopConf()));
        List<PairSource> units;
        try {
            units = PairSource.group(files, srcLang, tgtLang);
        } catch (IllegalArgumentException e) {
            throw new JobFailedException(e.getMessage());
        }
        if (units.isEmpty()) {
            throw new JobFailedException("no pair files in " + context.config().getStringList("input"));
        }
        for (PairSource unit : units) {
            if (splitMode.equals("given") && unit.givenSplit() == null) {
                throw new JobFailedException("split.mode = given, but no split (train, valid, test) in the name of "
                        + unit.label());
            }
        }
        context.say(units.size() + " inputs: " + units.stream().map(u -> u.label().substring(
                u.label().lastIndexOf('/') + 1) + (u.givenSplit() == null ? "" : " (" + u.givenSplit() + ")")).toList());
        return units;
    }

    /**
     * Marks every copy of a pair after the first with a failed {@code duplicate} rule whose value is
     * the number of earlier copies. First means: test before valid before train (a pair in train
     * and test stays in test), then source and line.
     */
    static Dataset<Row> withDuplicates(Dataset<Row> checked) {
        Column rank = row_number().over(Window.partitionBy(col("src"), col("tgt"))
                .orderBy(col("split_rank"), col("source"), col("line")));
        Dataset<Row> ranked = checked.withColumn("_copy", rank.minus(1));
        Column result = struct(lit(PairRuleSettings.DUPLICATE).as("rule"), col("_copy").cast("double").as("value"),
                lit(0.0).as("threshold"), col("_copy").equalTo(0).as("passed"));
        // Quarantined rows have no text and no results: they keep both null.
        return ranked.withColumn("results", when(col("error").isNull(), concat(col("results"), array(result))))
                .drop("_copy");
    }

    private static long write(Dataset<Row> rows, JobContext context, String name) {
        rows.write().parquet(context.staging(name).toString());
        return context.spark().read().parquet(context.staging(name).toString()).count();
    }

    static PairRuleSettings ruleSettings(Config c) {
        Set<String> enabled = new LinkedHashSet<>();
        Map<String, List<String>> rules = Map.of(
                "empty-side", List.of(PairRuleSettings.EMPTY_SIDE),
                "too-long", List.of(PairRuleSettings.TOO_LONG),
                "length-ratio", List.of(PairRuleSettings.LENGTH_RATIO),
                "identical-sides", List.of(PairRuleSettings.IDENTICAL_SIDES),
                "wrong-language", List.of(PairRuleSettings.WRONG_LANGUAGE_SRC, PairRuleSettings.WRONG_LANGUAGE_TGT),
                "control-characters", List.of(PairRuleSettings.CONTROL_CHARACTERS),
                "duplicate", List.of(PairRuleSettings.DUPLICATE));
        rules.forEach((key, names) -> {
            if (c.getBoolean("rules." + key + ".enabled")) {
                enabled.addAll(names);
            }
        });
        try {
            return new PairRuleSettings(enabled, c.getInt("rules.too-long.max-tokens"),
                    c.getDouble("rules.length-ratio.max-ratio"), c.getBoolean("rules.identical-sides.ignore-case"),
                    c.getDouble("rules.wrong-language.min-confidence"), c.getInt("rules.wrong-language.min-chars"),
                    c.getInt("rules.wrong-language.max-chars"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static PairSplits splits(Config c) {
        String mode = c.getString("split.mode");
        if (!List.of("auto", "given", "hash").contains(mode)) {
            throw new UsageException("split.mode must be auto, given or hash, got '" + mode + "'");
        }
        try {
            return new PairSplits(c.getDouble("split.fractions.train"), c.getDouble("split.fractions.valid"),
                    c.getDouble("split.fractions.test"), c.getLong("split.seed"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static PairLineParser parser(Config c) {
        try {
            return new PairLineParser(c.getInt("tsv.src-column"), c.getInt("tsv.tgt-column"),
                    c.getString("fields.src"), c.getString("fields.tgt"), c.getInt("quarantine-excerpt-chars"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
