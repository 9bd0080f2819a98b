package io.sparkllm.jobs.tokenize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import io.sparkllm.datasets.text.Hash64;
import io.sparkllm.jobs.CorpusJob;
import io.sparkllm.jobs.io.CorpusInput;
import io.sparkllm.model.tokenizer.Tokenizer;
import io.sparkllm.model.tokenizer.TokenizerFiles;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.UsageException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * {@code sparkllm tokenize}. For seq2seq, see {@link TranslationBatches}. For causal language
 * modelling (the default task): every document is encoded, ends with
 * EOS, goes to train or valid by a seeded hash of its id, and takes its place in its split's
 * stream in a seeded-hash order (a shuffle that doesn't depend on partitioning). Each stream is
 * cut into windows of seq-len + 1 tokens (inputs and next-token targets), and each window keeps
 * the positions where a document starts, so attention can be blocked across documents. Offsets
 * come from a running sum over the ordered documents: no document's tokens are ever gathered in
 * one place.
 */
public final class TokenizeJob extends CorpusJob {
    static final StructType ENCODED = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("lang", DataTypes.StringType, true)
            .add("split", DataTypes.StringType, false)
            .add("order", DataTypes.LongType, false)
            .add("chars", DataTypes.LongType, false)
            .add("ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false);
    static final StructType PIECES = new StructType()
            .add("split", DataTypes.StringType, false)
            .add("window", DataTypes.LongType, false)
            .add("position", DataTypes.IntegerType, false)
            .add("ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("document_start", DataTypes.BooleanType, false);
    static final StructType WINDOWS = new StructType()
            .add("window", DataTypes.LongType, false)
            .add("input_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("document_starts", DataTypes.createArrayType(DataTypes.IntegerType, false), false);

    @Override
    public String name() {
        return "tokenize";
    }

    /** The tokenizer is an input too: a retrained one makes earlier windows stale. */
    @Override
    public List<String> inputs(Config config) {
        List<String> inputs = new ArrayList<>(super.inputs(config));
        if (!config.getIsNull("tokenizer")) {
            inputs.add(config.getString("tokenizer"));
        }
        return inputs;
    }

    @Override
    public void run(JobContext context) throws Exception {
        Config c = context.config();
        String task = c.getString("task");
        if (!List.of("causal", "seq2seq", "mlm", "instruct", "classify").contains(task)) {
            throw new UsageException("task must be causal, mlm, seq2seq, instruct or classify, got '" + task + "'");
        }
        int windowSize = c.getInt("seq-len") + 1;
        double validFraction = c.getDouble("valid-fraction");
        if (windowSize < 2 || validFraction < 0 || validFraction >= 1) {
            throw new UsageException("seq-len must be at least 1 and valid-fraction in [0, 1)");
        }
        long seed = c.getLong("seed");
        Tokenizer tokenizer = TokenizerInput.load(c.getString("tokenizer"));
        boolean bertFramed = task.equals("mlm") || task.equals("classify") && tokenizer.tokenToId(c.getString("cls-token")) >= 0;
        int eos = bertFramed ? -1 : tokenId(tokenizer, c, "eos-token");
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        TokenizerFiles.write(tokenizer, json);
        Broadcast<byte[]> shipped = context.spark().sparkContext().broadcast(json.toByteArray(),
                scala.reflect.ClassTag$.MODULE$.apply(byte[].class));
        String key = c.getString("tokenizer") + "#" + Hash64.of(json.toString(java.nio.charset.StandardCharsets.UTF_8));
        if (task.equals("seq2seq")) {
            translation(context, tokenizer, key, shipped, eos, json.toByteArray());
            return;
        }
        if (task.equals("mlm")) {
            maskedLm(context, tokenizer, key, shipped, json.toByteArray());
            return;
        }
        if (task.equals("instruct")) {
            instructions(context, key, shipped, eos, windowSize, json.toByteArray());
            return;
        }
        if (task.equals("classify")) {
            ClassificationExamples.Settings settings = new ClassificationExamples.Settings(c.getString("classify.text-field"),
                    c.getString("classify.label-field"), bertFramed ? tokenId(tokenizer, c, "cls-token") : -1,
                    bertFramed ? tokenId(tokenizer, c, "sep-token") : eos, windowSize - 1, validFraction, seed);
            if (settings.seqLen() < 3) {
                throw new UsageException("seq-len must be at least 3 for classify");
            }
            ClassificationExamples.Counts counts = ClassificationExamples.write(context, c.getStringList("input"), key,
                    shipped, settings, c.getInt("output-files"));
            FileSystem fs = context.fileSystem(context.staging());
            try (FSDataOutputStream out = fs.create(context.staging("labels.json"), false)) {
                out.write(ClassificationExamples.labelsJson(counts.labels()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            finishExamples(context, counts.stats(), counts.examples(), counts.read(), counts.rejected(), counts.quarantined(),
                    json.toByteArray());
            return;
        }

        Dataset<Row> records = CorpusInput.read(context);
        Dataset<Row> documents = records.filter(col("error").isNull()).select("id", "text", "lang");
        Dataset<Row> encoded = documents.map((MapFunction<Row, Row>) r -> {
            String id = r.getString(0);
            String text = r.getString(1);
            int[] ids = ExecutorTokenizers.of(key, shipped.value()).encode(text, false);
            int[] withEos = java.util.Arrays.copyOf(ids, ids.length + 1);
            withEos[ids.length] = eos;
            long hash = Hash64.mix(Hash64.of(id) ^ seed);
            boolean valid = Long.compareUnsigned(hash, (long) (validFraction * 0x1p63) << 1) < 0;
            return RowFactory.create(id, r.getString(2), valid ? "valid" : "train", Hash64.mix(hash),
                    (long) text.length(), withEos);
        }, Encoders.row(ENCODED)).persist(StorageLevel.MEMORY_AND_DISK());

        // Each document's offset in its split's stream: the tokens of every document ordered before it.
        Dataset<Row> placed = encoded.withColumn("tokens", org.apache.spark.sql.functions.size(col("ids")).cast("long"))
                .withColumn("offset", sum("tokens").over(Window.partitionBy("split").orderBy("order", "id")
                        .rowsBetween(Window.unboundedPreceding(), -1)))
                .na().fill(0L, new String[] {"offset"});
        Map<String, Long> tokensBySplit = new TreeMap<>();
        for (Row r : encoded.groupBy("split").agg(sum(org.apache.spark.sql.functions.size(col("ids"))).as("n"))
                .collectAsList()) {
            tokensBySplit.put(r.getString(0), r.getLong(1));
        }
        Map<String, Long> windowsBySplit = new TreeMap<>();
        tokensBySplit.forEach((split, n) -> windowsBySplit.put(split, n / windowSize));
        Map<String, Long> whole = Map.copyOf(windowsBySplit);

        Dataset<Row> pieces = placed.select("split", "offset", "ids").flatMap((FlatMapFunction<Row, Row>) r -> {
            List<Integer> boxed = r.getList(2);
            int[] ids = boxed.stream().mapToInt(Integer::intValue).toArray();
            List<Row> out = new ArrayList<>();
            for (WindowPieces.Piece p : WindowPieces.of(ids, r.getLong(1), windowSize, whole.getOrDefault(r.getString(0), 0L))) {
                out.add(RowFactory.create(r.getString(0), p.window(), p.position(), p.ids(), p.documentStart()));
            }
            return out.iterator();
        }, Encoders.row(PIECES));
        Dataset<Row> windows = pieces.groupBy("split", "window")
                .agg(sort_array(collect_list(struct(col("position"), col("ids"), col("document_start")))).as("pieces"));

        int files = c.getInt("output-files");
        for (String split : List.of("train", "valid")) {
            windows.filter(col("split").equalTo(split))
                    .map((MapFunction<Row, Row>) r -> assemble(r.getLong(1), r.getList(2), windowSize), Encoders.row(WINDOWS))
                    .repartition(files, pmod(xxhash64(col("window")), lit(files))).sortWithinPartitions("window")
                    .write().parquet(context.staging(split).toString());
        }

        Map<String, Object> stats = stats(context, encoded, tokensBySplit, windowsBySplit, windowSize);
        context.writeJson("stats.json", stats);
        FileSystem fs = context.fileSystem(context.staging());
        try (FSDataOutputStream out = fs.create(context.staging("tokenizer.json"), false)) {
            out.write(json.toByteArray());
        }
        long quarantined = records.filter(col("error").isNotNull()).count();
        long documentsIn = encoded.count();
        context.recordInput(String.join(",", c.getStringList("input")), documentsIn + quarantined);
        context.recordInput(c.getString("tokenizer"), tokenizer.vocabSize());
        for (String split : List.of("train", "valid")) {
            context.recordOutput(split, split, windowsBySplit.getOrDefault(split, 0L), "kept");
        }
        encoded.unpersist();
    }

    /** seq2seq: pairs/ rows (id, src, tgt, split) to bucketed batches of source and target ids. */
    private static void translation(JobContext context, Tokenizer tokenizer, String key, Broadcast<byte[]> shipped,
                                    int eos, byte[] json) throws Exception {
        Config c = context.config();
        int bos = -1;
        if (!c.getIsNull("bos-token")) {
            bos = tokenizer.tokenToId(c.getString("bos-token"));
            if (bos < 0) {
                throw new UsageException("bos-token '" + c.getString("bos-token") + "' is not in the tokenizer's vocabulary");
            }
        }
        Dataset<Row> pairs = context.spark().read().parquet(scala.collection.JavaConverters
                .asScalaBuffer(c.getStringList("input")).toSeq());
        for (String column : List.of("id", "src", "tgt", "split")) {
            if (!java.util.Arrays.asList(pairs.columns()).contains(column)) {
                throw new UsageException("seq2seq input needs sparkllm pairs output (id, src, tgt, split); no column '"
                        + column + "' in " + String.join(", ", c.getStringList("input")));
            }
        }
        TranslationBatches.Counts counts = TranslationBatches.write(context, pairs, key, shipped, bos, eos,
                c.getInt("bucket-width"), c.getInt("batch-tokens"), c.getLong("seed"), c.getInt("output-files"));
        try (FSDataOutputStream out = context.fileSystem(context.staging()).create(context.staging("stats.json"), false)) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue((OutputStream) out, counts.stats());
        }
        try (FSDataOutputStream out = context.fileSystem(context.staging()).create(context.staging("tokenizer.json"), false)) {
            out.write(json);
        }
        long total = counts.examples().values().stream().mapToLong(Long::longValue).sum();
        context.recordInput(String.join(",", c.getStringList("input")), total);
        counts.examples().forEach((split, n) -> context.recordOutput(split, split, n, "kept"));
    }

    /** mlm: documents to BERT masked-LM + next-sentence examples. */
    private static void maskedLm(JobContext context, Tokenizer tokenizer, String key, Broadcast<byte[]> shipped,
                                 byte[] json) throws Exception {
        Config c = context.config();
        MaskedLmExamples.Settings settings = new MaskedLmExamples.Settings(tokenId(tokenizer, c, "cls-token"),
                tokenId(tokenizer, c, "sep-token"), tokenId(tokenizer, c, "mask-token"), tokenizer.vocabSize(),
                c.getInt("seq-len"), c.getDouble("mask-probability"), c.getDouble("valid-fraction"), c.getLong("seed"));
        if (settings.seqLen() < 5) {
            throw new UsageException("seq-len must be at least 5 for [CLS] A [SEP] B [SEP]");
        }
        Dataset<Row> records = CorpusInput.read(context);
        Dataset<Row> documents = records.filter(col("error").isNull());
        MaskedLmExamples.Counts counts = MaskedLmExamples.write(context, documents, key, shipped, settings,
                c.getInt("output-files"));
        try (FSDataOutputStream out = context.fileSystem(context.staging()).create(context.staging("stats.json"), false)) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue((OutputStream) out, counts.stats());
        }
        try (FSDataOutputStream out = context.fileSystem(context.staging()).create(context.staging("tokenizer.json"), false)) {
            out.write(json);
        }
        context.recordInput(String.join(",", c.getStringList("input")), records.count());
        counts.examples().forEach((split, n) -> context.recordOutput(split, split, n, "kept"));
    }

    /** instruct: instruction records to prompt + response ids, the response's start marked. */
    private static void instructions(JobContext context, String key, Broadcast<byte[]> shipped, int eos, int windowSize,
                                     byte[] json) throws Exception {
        Config c = context.config();
        Config t = c.getConfig("instruct");
        PromptTemplate template;
        try {
            template = t.getIsNull("template") ? PromptTemplate.ALPACA
                    : new PromptTemplate(t.getString("template"), t.getString("template-without-input"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("instruct.template: " + e.getMessage());
        }
        InstructionExamples.Settings settings = new InstructionExamples.Settings(template, eos, windowSize,
                c.getDouble("valid-fraction"), c.getLong("seed"), t.getString("instruction-field"),
                t.getString("input-field"), t.getString("output-field"), t.getString("instances-field"));
        InstructionExamples.Counts counts = InstructionExamples.write(context, c.getStringList("input"), key, shipped,
                settings, c.getInt("output-files"));
        finishExamples(context, counts.stats(), counts.examples(), counts.read(), counts.rejected(), counts.quarantined(), json);
    }

    /** stats.json, tokenizer.json and the manifest's accounting: records in = kept + rejected + quarantined. */
    private static void finishExamples(JobContext context, Map<String, Object> stats, Map<String, Long> examples, long read,
                                       long rejected, long quarantined, byte[] json) throws Exception {
        Config c = context.config();
        context.writeJson("stats.json", stats);
        try (FSDataOutputStream out = context.fileSystem(context.staging()).create(context.staging("tokenizer.json"), false)) {
            out.write(json);
        }
        long kept = examples.values().stream().mapToLong(Long::longValue).sum();
        context.recordInput(String.join(",", c.getStringList("input")), read);
        for (String split : List.of("train", "valid")) {
            context.recordOutput(split, split, examples.getOrDefault(split, 0L), "kept");
        }
        context.recordOutput("rejected", "rejected", rejected, "rejected");
        context.recordOutput("quarantine", "quarantine", quarantined, "quarantined");
        if (read != kept + rejected + quarantined) {
            throw new IllegalStateException("accounting broke: read " + read + " but kept " + kept + " + rejected "
                    + rejected + " + quarantined " + quarantined);
        }
    }

    private static int tokenId(Tokenizer tokenizer, Config c, String setting) {
        int id = tokenizer.tokenToId(c.getString(setting));
        if (id < 0) {
            throw new UsageException(setting + " '" + c.getString(setting) + "' is not in the tokenizer's vocabulary");
        }
        return id;
    }

    /** A window's ids from its pieces (sorted by position) and where its documents start. */
    private static Row assemble(long window, List<Row> pieces, int windowSize) {
        int[] ids = new int[windowSize];
        int filled = 0;
        List<Integer> starts = new ArrayList<>();
        for (Row piece : pieces) {
            if (piece.getInt(0) != filled) {
                throw new IllegalStateException("window " + window + ": piece at " + piece.getInt(0) + " after "
                        + filled + " tokens");
            }
            if (piece.getBoolean(2)) {
                starts.add(piece.getInt(0));
            }
            List<Integer> slice = piece.getList(1);
            for (int t : slice) {
                ids[filled++] = t;
            }
        }
        if (filled != windowSize) {
            throw new IllegalStateException("window " + window + " has " + filled + " tokens, not " + windowSize);
        }
        return RowFactory.create(window, ids, starts.stream().mapToInt(Integer::intValue).toArray());
    }

    private static Map<String, Object> stats(JobContext context, Dataset<Row> encoded, Map<String, Long> tokensBySplit,
                                             Map<String, Long> windowsBySplit, int windowSize) {
        Map<String, Object> stats = new LinkedHashMap<>();
        Map<String, Long> documents = new TreeMap<>();
        for (Row r : encoded.groupBy("split").count().collectAsList()) {
            documents.put(r.getString(0), r.getLong(1));
        }
        stats.put("documents", documents);
        stats.put("tokens", tokensBySplit);
        stats.put("window_tokens", windowSize);
        stats.put("windows", windowsBySplit);
        Map<String, Long> dropped = new TreeMap<>();
        tokensBySplit.forEach((split, n) -> dropped.put(split, n - windowsBySplit.get(split) * windowSize));
        stats.put("tail_tokens_dropped", dropped);
        Map<String, Object> byLanguage = new TreeMap<>();
        for (Row r : encoded.withColumn("lang", org.apache.spark.sql.functions.coalesce(col("lang"), lit("und")))
                .groupBy("lang").agg(sum("chars").as("chars"), sum(org.apache.spark.sql.functions.size(col("ids"))).as("tokens"))
                .collectAsList()) {
            Map<String, Object> lang = new LinkedHashMap<>();
            lang.put("chars", r.getLong(1));
            lang.put("tokens", r.getLong(2));
            lang.put("chars_per_token", r.getLong(2) == 0 ? 0.0 : (double) r.getLong(1) / r.getLong(2));
            byLanguage.put(r.getString(0), lang);
        }
        stats.put("by_language", byLanguage);
        return stats;
    }
}
