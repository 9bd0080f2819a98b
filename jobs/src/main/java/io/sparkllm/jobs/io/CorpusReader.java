package io.sparkllm.jobs.io;

import com.github.luben.zstd.ZstdInputStream;
import io.sparkllm.datasets.corpus.ByteLines;
import io.sparkllm.datasets.corpus.ParsedRecord;
import io.sparkllm.datasets.corpus.RecordParser;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

/**
 * Reads documents from JSONL (plain, .gz, .zst), Parquet and plain-text files into one table of
 * records, each either a document or an unreadable record with its reason, file and position.
 * Nothing is dropped: every input record becomes exactly one row.
 */
public final class CorpusReader {
    /** file, line (1-based; null for Parquet and text files), byte offset, record bytes, then document or error. */
    public static final StructType SCHEMA = new StructType()
            .add("file", DataTypes.StringType, false)
            .add("line", DataTypes.LongType, true)
            .add("offset", DataTypes.LongType, true)
            .add("bytes", DataTypes.LongType, false)
            .add("id", DataTypes.StringType, true)
            .add("text", DataTypes.StringType, true)
            .add("lang", DataTypes.StringType, true)
            .add("meta", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true)
            .add("error", DataTypes.StringType, true)
            .add("raw", DataTypes.StringType, true);

    private CorpusReader() {
    }

    public static Dataset<Row> read(SparkSession spark, InputFiles.Listing files, RecordParser parser,
                                    HadoopConf hadoop) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<JavaRDD<Row>> parts = new ArrayList<>();
        if (!files.jsonl().isEmpty()) {
            parts.add(sc.parallelize(files.jsonl(), files.jsonl().size())
                    .flatMap(file -> jsonLines(file, parser, hadoop)));
        }
        if (!files.text().isEmpty()) {
            parts.add(sc.parallelize(files.text(), files.text().size())
                    .map(file -> textFile(file, parser, hadoop)));
        }
        Dataset<Row> result = spark.createDataFrame(sc.emptyRDD(), SCHEMA);
        for (JavaRDD<Row> part : parts) {
            result = result.union(spark.createDataFrame(part, SCHEMA));
        }
        if (!files.parquet().isEmpty()) {
            result = result.union(parquet(spark, files.parquet(), parser));
        }
        return result;
    }

    /**
     * The lines of one JSONL file as rows. A file that breaks mid-way (a truncated or corrupt
     * .gz/.zst) keeps the records read so far and adds one quarantine row for the rest.
     */
    private static Iterator<Row> jsonLines(String file, RecordParser parser, HadoopConf hadoop) {
        return new Iterator<>() {
            private InputStream in;
            private ByteLines lines;
            private Row pending;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (pending == null && !done) {
                    pending = advance();
                }
                return pending != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = pending;
                pending = null;
                return row;
            }

            private Row advance() {
                long offset = 0;
                try {
                    if (lines == null) {
                        in = open(file, hadoop);
                        lines = new ByteLines(in, parser.keepBytes());
                    }
                    if (lines.hasNext()) {
                        ByteLines.Line line = lines.next();
                        return row(file, line.number(), line.offset(), line.length(), parser.parseJsonLine(line));
                    }
                    finish();
                    return null;
                } catch (IOException | UncheckedIOException e) {
                    finish();
                    String message = e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
                    return row(file, null, lines == null ? 0L : lines.bytesRead(), 0L, ParsedRecord.unreadable(
                            "unreadable_file", "reading stopped: " + message, ""));
                }
            }

            private void finish() {
                done = true;
                if (in != null) {
                    try {
                        in.close();
                    } catch (IOException ignored) {
                        // the stream was already broken or fully read
                    }
                }
            }
        };
    }

    private static Row textFile(String file, RecordParser parser, HadoopConf hadoop) throws IOException {
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem(hadoop.get());
        long length = fs.getFileStatus(path).getLen();
        byte[] content;
        try (InputStream in = open(file, hadoop)) {
            content = in.readNBytes(parser.keepBytes());
        }
        ParsedRecord record = parser.parseTextFile(content, Math.max(length, content.length));
        return row(file, null, 0L, length, record);
    }

    /** Parquet rows go through the same JSON parser, so their rules and errors match JSONL's. */
    private static Dataset<Row> parquet(SparkSession spark, List<String> files, RecordParser parser) {
        Dataset<Row> df = spark.read().parquet(JavaConverters.asScalaBuffer(files).toSeq());
        Dataset<Row> json = df.select(input_file_name().as("_file"),
                org.apache.spark.sql.functions.to_json(org.apache.spark.sql.functions.struct(
                        JavaConverters.asScalaBuffer(java.util.Arrays.stream(df.columns()).map(c -> col("`" + c + "`"))
                                .toList()).toSeq())).as("_json"));
        JavaRDD<Row> rows = json.javaRDD().map(r -> {
            byte[] bytes = r.getString(1).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ByteLines.Line line = new ByteLines.Line(0, 0, bytes.length, bytes);
            return row(r.getString(0), null, null, bytes.length, parser.parseJsonLine(line));
        });
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** Opens a Hadoop path, decompressing .gz and .zst by name. */
    public static InputStream open(String file, HadoopConf hadoop) throws IOException {
        Path path = new Path(file);
        InputStream raw = new BufferedInputStream(path.getFileSystem(hadoop.get()).open(path), 1 << 16);
        if (file.endsWith(".gz")) {
            return new GZIPInputStream(raw, 1 << 16);
        }
        if (file.endsWith(".zst")) {
            return new ZstdInputStream(raw);
        }
        return raw;
    }

    private static Row row(String file, Long line, Long offset, long bytes, ParsedRecord r) {
        if (r.readable()) {
            return RowFactory.create(file, line, offset, bytes, r.id(), r.text(), r.lang(),
                    JavaConverters.mapAsScalaMap(r.meta()), null, null);
        }
        return RowFactory.create(file, line, offset, bytes, null, null, null, null, r.error(), r.rawExcerpt());
    }

    /** For tests and diagnostics: the meta map of a row as Java. */
    public static Map<String, String> meta(Row row) {
        return row.isNullAt(row.fieldIndex("meta")) ? Map.of() : row.getJavaMap(row.fieldIndex("meta"));
    }
}
