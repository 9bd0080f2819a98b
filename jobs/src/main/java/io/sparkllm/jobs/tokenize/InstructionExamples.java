package io.sparkllm.jobs.tokenize;

import io.sparkllm.datasets.text.Hash64;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.UsageException;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.posexplode_outer;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Instruction-tuning examples from JSONL or Parquet records: Alpaca's flat form
 * ({@code instruction}, {@code input}, {@code output}) or its seed-task form, whose
 * {@code instances} list holds several (input, output) pairs, one example each. The prompt
 * (a {@link PromptTemplate}) and the response (output + EOS) are encoded apart, so the boundary
 * between them is exact, and joined: {@code input_ids} with {@code response_start}, the index
 * of the first response id, which the trainer's loss mask starts from.
 *
 * <p>An example whose prompt leaves no room for a response token in seq-len + 1 ids goes to
 * rejected/ (rule {@code prompt-too-long}); one without an instruction or an output to rejected/
 * ({@code missing-field}); a longer response is cut to fit (counted as truncated). Unparseable
 * records go to quarantine/ with their file. Examples go to train or valid by a seeded hash of
 * their id: the record's {@code id} field (with {@code #n} for the n-th instance) or, without
 * one, a hash of the example's text.
 */
final class InstructionExamples {
    static final StructType ENCODED = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("split", DataTypes.StringType, false)
            .add("order", DataTypes.LongType, false)
            .add("input_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), true)
            .add("response_start", DataTypes.IntegerType, false)
            .add("truncated", DataTypes.BooleanType, false)
            .add("rule", DataTypes.StringType, true)
            .add("excerpt", DataTypes.StringType, true);

    record Settings(PromptTemplate template, int eos, int windowSize, double validFraction, long seed,
                    String instructionField, String inputField, String outputField, String instancesField)
            implements Serializable {
    }

    record Counts(Map<String, Object> stats, Map<String, Long> examples, long read, long rejected, long quarantined) {
    }

    private InstructionExamples() {
    }

    static Counts write(JobContext context, List<String> input, String tokenizerKey, Broadcast<byte[]> tokenizerJson,
                        Settings s, int files) {
        JsonRecords records = JsonRecords.read(context, input);
        if (!records.has(s.instructionField())) {
            throw new UsageException("tokenize instruct: the input has no '" + s.instructionField() + "' field: "
                    + String.join(", ", input));
        }
        Dataset<Row> flat = flatten(records.parsed(), records, s);
        Dataset<Row> encoded = flat.map((MapFunction<Row, Row>) r -> encode(r, s,
                ExecutorTokenizers.of(tokenizerKey, tokenizerJson.value())), Encoders.row(ENCODED))
                .persist(StorageLevel.MEMORY_AND_DISK());

        Dataset<Row> kept = encoded.filter(col("rule").isNull());
        Map<String, Long> counts = new TreeMap<>();
        Map<String, Object> perSplit = new TreeMap<>();
        for (Row r : kept.groupBy("split").agg(count(lit(1)), sum(size(col("input_ids"))),
                sum(size(col("input_ids")).minus(col("response_start"))), sum(col("truncated").cast("long"))).collectAsList()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("examples", r.getLong(1));
            m.put("tokens", r.getLong(2));
            m.put("response_tokens", r.getLong(3));
            m.put("truncated", r.getLong(4));
            perSplit.put(r.getString(0), m);
            counts.put(r.getString(0), r.getLong(1));
        }
        for (String split : List.of("train", "valid")) {
            kept.filter(col("split").equalTo(split)).select("id", "order", "input_ids", "response_start")
                    .repartition(files, pmod(xxhash64(col("id")), lit(files))).sortWithinPartitions("order", "id")
                    .write().parquet(context.staging(split).toString());
        }
        Dataset<Row> rejected = encoded.filter(col("rule").isNotNull()).select("id", "rule", "excerpt").orderBy("id");
        rejected.write().parquet(context.staging("rejected").toString());
        long quarantined = records.writeQuarantine(context);
        long rejectedCount = rejected.count();
        Map<String, Long> rules = new TreeMap<>();
        for (Row r : encoded.filter(col("rule").isNotNull()).groupBy("rule").count().collectAsList()) {
            rules.put(r.getString(0), r.getLong(1));
        }
        long read = encoded.count() + quarantined;
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("examples_in", read);
        stats.put("splits", perSplit);
        stats.put("rejected_by_rule", rules);
        stats.put("quarantined", quarantined);
        stats.put("window_tokens", s.windowSize());
        encoded.unpersist();
        return new Counts(stats, counts, read, rejectedCount, quarantined);
    }

    /** One row per example: id, instruction, input, output. */
    private static Dataset<Row> flatten(Dataset<Row> records, JsonRecords columns, Settings s) {
        Column recordId = columns.has("id") ? col("id").cast("string") : lit(null).cast("string");
        if (columns.has(s.instancesField())) {
            return records.select(recordId.as("record_id"), col(s.instructionField()).cast("string").as("instruction"),
                            posexplode_outer(col(s.instancesField())))
                    .select(coalesce(concat(col("record_id"), lit("#"), col("pos").cast("string")), lit(null)).as("id"),
                            col("instruction"), col("col." + s.inputField()).cast("string").as("input"),
                            col("col." + s.outputField()).cast("string").as("output"));
        }
        Column in = columns.has(s.inputField()) ? col(s.inputField()).cast("string") : lit(null).cast("string");
        Column out = columns.has(s.outputField()) ? col(s.outputField()).cast("string") : lit(null).cast("string");
        return records.select(recordId.as("id"), col(s.instructionField()).cast("string").as("instruction"),
                in.as("input"), out.as("output"));
    }

    private static Row encode(Row r, Settings s, io.sparkllm.model.tokenizer.Tokenizer tokenizer) {
        String instruction = r.getString(1);
        String input = r.getString(2);
        String output = r.getString(3);
        String id = r.isNullAt(0) ? "sha-" + Long.toHexString(Hash64.of(instruction + "\u0000" + input + "\u0000" + output))
                : r.getString(0);
        long hash = Hash64.mix(Hash64.of(id) ^ s.seed());
        boolean valid = Long.compareUnsigned(hash, (long) (s.validFraction() * 0x1p63) << 1) < 0;
        String split = valid ? "valid" : "train";
        if (instruction == null || instruction.isBlank() || output == null) {
            return RowFactory.create(id, split, hash, null, 0, false, "missing-field",
                    instruction == null || instruction.isBlank() ? "no instruction" : "no output");
        }
        String prompt = s.template().prompt(instruction, input);
        int[] promptIds = tokenizer.encode(prompt, false);
        if (promptIds.length >= s.windowSize()) {
            return RowFactory.create(id, split, hash, null, 0, false, "prompt-too-long",
                    promptIds.length + " prompt tokens, window " + s.windowSize());
        }
        int[] response = tokenizer.encode(output, false);
        int length = Math.min(s.windowSize(), promptIds.length + response.length + 1);
        int[] ids = Arrays.copyOf(promptIds, length);
        int fromResponse = Math.min(response.length, length - promptIds.length);
        System.arraycopy(response, 0, ids, promptIds.length, fromResponse);
        boolean truncated = promptIds.length + response.length + 1 > s.windowSize();
        if (!truncated) {
            ids[length - 1] = s.eos();
        }
        return RowFactory.create(id, split, Hash64.mix(hash), ids, promptIds.length, truncated, null, null);
    }
}
