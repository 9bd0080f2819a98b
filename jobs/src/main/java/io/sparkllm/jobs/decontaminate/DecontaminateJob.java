package io.sparkllm.jobs.decontaminate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.sparkllm.datasets.dedup.EvalNgrams;
import io.sparkllm.jobs.io.CorpusInput;
import io.sparkllm.jobs.CorpusJob;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.JobFailedException;
import io.sparkllm.runtime.UsageException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.collection.JavaConverters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;

/**
 * {@code sparkllm decontaminate}: flags (or removes) training documents that share a word n-gram
 * (default 13) with an evaluation set. The eval n-grams are built on the driver and broadcast;
 * each document is checked in one pass. Reports hits per benchmark and per source file.
 */
public final class DecontaminateJob extends CorpusJob {
    static final StructType CHECKED = new StructType()
            .add("id", DataTypes.StringType).add("text", DataTypes.StringType).add("lang", DataTypes.StringType)
            .add("source", DataTypes.StringType).add("line", DataTypes.LongType)
            .add("meta", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
            .add("hits", DataTypes.createArrayType(new StructType()
                    .add("benchmark", DataTypes.StringType).add("ngram", DataTypes.StringType)));

    @Override
    public String name() {
        return "decontaminate";
    }

    @Override
    public List<String> inputs(Config config) {
        List<String> all = new ArrayList<>(config.getStringList("input"));
        for (Config b : benchmarks(config)) {
            all.addAll(b.getStringList("paths"));
        }
        return all;
    }

    private static List<? extends Config> benchmarks(Config config) {
        try {
            return config.getConfigList("benchmarks");
        } catch (ConfigException e) {
            throw new UsageException("benchmarks must be a list of { name, paths, fields }: " + e.getMessage());
        }
    }

    @Override
    public void run(JobContext context) throws Exception {
        Config c = context.config();
        String mode = c.getString("mode");
        if (!mode.equals("remove") && !mode.equals("flag")) {
            throw new UsageException("mode must be remove or flag, got '" + mode + "'");
        }
        EvalNgrams eval = new EvalNgrams(c.getInt("n"));
        Map<String, Long> items = new LinkedHashMap<>();
        for (Config b : benchmarks(c)) {
            for (String key : b.root().keySet()) {
                if (!List.of("name", "paths", "fields").contains(key)) {
                    throw new UsageException("benchmarks: unknown key '" + key + "' (known: name, paths, fields)");
                }
            }
            long n = load(context, b.getString("name"), b.getStringList("paths"),
                    b.hasPath("fields") ? b.getStringList("fields") : List.of(), eval);
            items.merge(b.getString("name"), n, Long::sum);
        }
        if (eval.size() == 0) {
            throw new UsageException("no evaluation text: set 'benchmarks' (see conf/jobs/decontaminate.conf)");
        }
        context.say(eval.size() + " evaluation n-grams from " + items);
        Broadcast<EvalNgrams> ngrams = JavaSparkContext.fromSparkContext(context.spark().sparkContext()).broadcast(eval);

        Dataset<Row> documents = CorpusInput.read(context).filter(col("error").isNull());
        Dataset<Row> checked = documents.map((MapFunction<Row, Row>) r -> {
            List<Row> hits = new ArrayList<>();
            for (EvalNgrams.Hit h : ngrams.value().find(r.getString(r.fieldIndex("text")))) {
                hits.add(RowFactory.create(h.benchmark(), h.ngram()));
            }
            int line = r.fieldIndex("line");
            return RowFactory.create(r.getString(r.fieldIndex("id")), r.getString(r.fieldIndex("text")),
                    r.getString(r.fieldIndex("lang")), r.getString(r.fieldIndex("file")),
                    r.isNullAt(line) ? null : r.getLong(line), r.isNullAt(r.fieldIndex("meta")) ? null
                            : r.getMap(r.fieldIndex("meta")), JavaConverters.asScalaBuffer(hits).toSeq());
        }, Encoders.row(CHECKED)).persist(StorageLevel.MEMORY_AND_DISK());

        Dataset<Row> flagged = checked.filter(size(col("hits")).gt(0));
        Dataset<Row> kept = mode.equals("remove") ? checked.filter(size(col("hits")).equalTo(0)) : checked;
        kept.drop("hits").sortWithinPartitions("source", "line", "id").write().parquet(context.staging("kept").toString());
        flagged.sortWithinPartitions("source", "line", "id").write().parquet(context.staging("flagged").toString());

        long total = checked.count();
        long flaggedCount = context.spark().read().parquet(context.staging("flagged").toString()).count();
        long keptCount = context.spark().read().parquet(context.staging("kept").toString()).count();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("documents", total);
        stats.put("flagged", flaggedCount);
        stats.put("kept", keptCount);
        stats.put("mode", mode);
        stats.put("n", c.getInt("n"));
        stats.put("eval_items", items);
        stats.put("eval_ngrams", eval.size());
        Map<String, Long> perBenchmark = new TreeMap<>();
        for (Row r : flagged.selectExpr("array_distinct(hits.benchmark) as b").select(explode(col("b")).as("b"))
                .groupBy("b").agg(count(lit(1))).collectAsList()) {
            perBenchmark.put(r.getString(0), r.getLong(1));
        }
        stats.put("documents_per_benchmark", perBenchmark);
        Map<String, Long> perSource = new TreeMap<>();
        for (Row r : flagged.groupBy("source").agg(count(lit(1))).collectAsList()) {
            perSource.put(r.getString(0), r.getLong(1));
        }
        stats.put("documents_per_source", perSource);
        context.writeJson("stats.json", stats);
        context.recordInput(String.join(",", c.getStringList("input")), total);
        context.recordOutput("kept", "kept", keptCount, "kept");
        context.recordOutput("flagged", "flagged", flaggedCount, mode.equals("remove") ? "rejected" : "report");
        checked.unpersist();
    }

    /** Reads one benchmark's files on the driver: JSONL (fields given) or text with one item per line. */
    private static long load(JobContext context, String name, List<String> paths, List<String> fields,
                             EvalNgrams eval) throws IOException {
        ObjectMapper json = new ObjectMapper();
        long items = 0;
        for (String pattern : paths) {
            Path p = new Path(pattern);
            FileSystem fs = p.getFileSystem(context.hadoopConf());
            FileStatus[] files = fs.globStatus(p);
            if (files == null || files.length == 0) {
                throw new JobFailedException("benchmark " + name + ": no files at " + pattern);
            }
            for (FileStatus f : files) {
                try (InputStream raw = fs.open(f.getPath());
                     BufferedReader reader = new BufferedReader(new InputStreamReader(
                             f.getPath().getName().endsWith(".gz") ? new GZIPInputStream(raw) : raw,
                             StandardCharsets.UTF_8))) {
                    String line;
                    long number = 0;
                    while ((line = reader.readLine()) != null) {
                        number++;
                        if (line.isBlank()) {
                            continue;
                        }
                        if (fields.isEmpty()) {
                            eval.add(name, line);
                        } else {
                            JsonNode node;
                            try {
                                node = json.readTree(line);
                            } catch (IOException e) {
                                String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                                        ? j.getOriginalMessage() : e.getMessage();
                                throw new JobFailedException("benchmark " + name + ": " + f.getPath() + ":" + number
                                        + ": bad JSON (" + reason.replace('\n', ' ') + ")");
                            }
                            for (String field : fields) {
                                if (node.hasNonNull(field)) {
                                    eval.add(name, node.get(field).asText());
                                }
                            }
                        }
                        items++;
                    }
                }
            }
        }
        return items;
    }
}
