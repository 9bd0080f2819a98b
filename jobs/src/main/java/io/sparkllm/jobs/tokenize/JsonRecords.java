package io.sparkllm.jobs.tokenize;

import io.sparkllm.runtime.JobContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;

/**
 * Records with fields of their own (instructions, labels) for the tokenize tasks that need more
 * than text: JSON lines (plain or gzipped) read by Spark's schema-inferring reader, or Parquet
 * when {@code format = parquet}. Lines that are not JSON objects are set apart for quarantine/
 * with their file, so every line is accounted for.
 */
final class JsonRecords {
    private static final String CORRUPT = "_corrupt_record";
    static final StructType QUARANTINE = new StructType().add("file", DataTypes.StringType)
            .add("error", DataTypes.StringType).add("raw", DataTypes.StringType);

    private final Dataset<Row> parsed;
    private final Dataset<Row> quarantine;
    private final List<String> columns;

    private JsonRecords(Dataset<Row> parsed, Dataset<Row> quarantine, List<String> columns) {
        this.parsed = parsed;
        this.quarantine = quarantine;
        this.columns = columns;
    }

    static JsonRecords read(JobContext context, List<String> input) {
        String[] paths = input.toArray(new String[0]);
        Dataset<Row> records = context.config().getString("format").equals("parquet")
                ? context.spark().read().parquet(paths)
                : context.spark().read().option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT).json(paths);
        records = records.withColumn("file", input_file_name()).persist(StorageLevel.MEMORY_AND_DISK());
        List<String> columns = Arrays.asList(records.columns());
        if (!columns.contains(CORRUPT)) {
            return new JsonRecords(records, context.spark().createDataFrame(List.of(), QUARANTINE), columns);
        }
        Dataset<Row> bad = records.filter(col(CORRUPT).isNotNull()).select(col("file"),
                lit("unparseable: not a JSON object").as("error"), substring(col(CORRUPT), 1, 1000).as("raw"));
        return new JsonRecords(records.filter(col(CORRUPT).isNull()), bad, columns);
    }

    Dataset<Row> parsed() {
        return parsed;
    }

    Dataset<Row> quarantine() {
        return quarantine;
    }

    boolean has(String column) {
        return columns.contains(column);
    }

    /** Writes quarantine/ (ordered, so reruns match) and returns its row count. */
    long writeQuarantine(JobContext context) {
        quarantine.orderBy("file", "raw").write().parquet(context.staging("quarantine").toString());
        return quarantine.count();
    }
}
