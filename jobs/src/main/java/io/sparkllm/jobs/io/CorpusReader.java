package io.sparkllm.jobs.io;

import com.github.luben.zstd.ZstdInputStream;
import io.sparkllm.datasets.corpus.ByteLines;
import io.sparkllm.datasets.corpus.ParsedRecord;
import io.sparkllm.datasets.corpus.JsonRecordParser;
import io.sparkllm.datasets.corpus.RecordParser;
import org.apache.hadoop.fs.FSDataInputStream;
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
        return read(spark, files, parser, hadoop, false);
    }

    /**
     * As {@link #read(SparkSession, InputFiles.Listing, RecordParser, HadoopConf)}; with
     * {@code splitLargeFiles}, when there are fewer JSONL files than Spark has cores, each
     * uncompressed one is read in byte ranges by several tasks (a line belongs to the range its
     * first byte is in), so one big file doesn't leave the other cores idle. The rows are the
     * same, line numbers and offsets included: a first pass counts the line breaks before each range.
     */
    public static Dataset<Row> read(SparkSession spark, InputFiles.Listing files, RecordParser parser,
                                    HadoopConf hadoop, boolean splitLargeFiles) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return read(spark, files, ranges(sc, files, hadoop, splitLargeFiles), parser, hadoop);
    }

    /** Reads the JSONL files as the given ranges of them, and the other files whole. */
    static Dataset<Row> read(SparkSession spark, InputFiles.Listing files, List<FileRange> ranges, RecordParser parser,
                             HadoopConf hadoop) {
        Dataset<Row> result = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).emptyRDD(),
                SCHEMA);
        for (JavaRDD<Row> part : parts(spark, files, ranges, parser, hadoop)) {
            result = result.union(spark.createDataFrame(part, SCHEMA));
        }
        return result;
    }

    /**
     * Reads JSONL files (whole, one task each) and Parquet files with a parser of the caller's
     * record format, into the same rows, quarantine columns included. Text files hold no JSON
     * records: callers refuse them.
     */
    public static Dataset<Row> readRecords(SparkSession spark, InputFiles.Listing files, JsonRecordParser parser,
                                           HadoopConf hadoop) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<FileRange> whole = files.jsonl().stream().map(FileRange::whole).toList();
        Dataset<Row> result = spark.createDataFrame(sc.emptyRDD(), SCHEMA);
        if (!whole.isEmpty()) {
            result = result.union(spark.createDataFrame(sc.parallelize(whole, whole.size())
                    .flatMap(range -> jsonLines(range, parser, hadoop)), SCHEMA));
        }
        if (!files.parquet().isEmpty()) {
            result = result.union(spark.createDataFrame(parquet(spark, files.parquet(), parser), SCHEMA));
        }
        return result;
    }

    static List<FileRange> ranges(JavaSparkContext sc, InputFiles.Listing files, HadoopConf hadoop,
                                  boolean splitLargeFiles) {
        return splitLargeFiles ? ranges(sc, files.jsonl(), hadoop, sc.defaultParallelism(), MIN_RANGE_BYTES)
                : files.jsonl().stream().map(FileRange::whole).toList();
    }

    /** JSONL ranges, text files and Parquet files, each kind as one RDD of rows. */
    private static List<JavaRDD<Row>> parts(SparkSession spark, InputFiles.Listing files, List<FileRange> ranges,
                                            RecordParser parser, HadoopConf hadoop) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<JavaRDD<Row>> parts = new ArrayList<>();
        if (!ranges.isEmpty()) {
            parts.add(sc.parallelize(ranges, ranges.size()).flatMap(range -> jsonLines(range, parser, hadoop)));
        }
        if (!files.text().isEmpty()) {
            parts.add(sc.parallelize(files.text(), files.text().size())
                    .map(file -> textFile(file, parser, hadoop)));
        }
        if (!files.parquet().isEmpty()) {
            parts.add(parquet(spark, files.parquet(), parser));
        }
        return parts;
    }

    /**
     * The lines starting in [start, end) of a JSONL file, with the number of line breaks before
     * {@code start} (a whole file: 0 to Long.MAX_VALUE, no breaks before).
     */
    static final class FileRange implements java.io.Serializable {
        // A plain class, not a record: Spark's Kryo can't build a serializer for records.
        private String file;
        private long start;
        private long end;
        private long breaksBefore;

        FileRange(String file, long start, long end, long breaksBefore) {
            this.file = file;
            this.start = start;
            this.end = end;
            this.breaksBefore = breaksBefore;
        }

        static FileRange whole(String file) {
            return new FileRange(file, 0, Long.MAX_VALUE, 0);
        }

        String file() {
            return file;
        }

        long start() {
            return start;
        }

        long end() {
            return end;
        }

        long breaksBefore() {
            return breaksBefore;
        }
    }

    /** Below this, a file is not worth splitting. */
    private static final long MIN_RANGE_BYTES = 8L << 20;

    /**
     * The ranges to read: whole files, unless there are fewer files than cores; then each
     * uncompressed file over a core's share of the bytes is cut into ranges of about that share.
     */
    static List<FileRange> ranges(JavaSparkContext sc, List<String> files, HadoopConf hadoop, int cores,
                                  long minRangeBytes) {
        List<FileRange> whole = files.stream().map(FileRange::whole).toList();
        if (files.size() >= cores) {
            return whole;
        }
        long[] sizes = new long[files.size()];
        long total = 0;
        try {
            for (int i = 0; i < files.size(); i++) {
                String file = files.get(i);
                if (!file.endsWith(".gz") && !file.endsWith(".zst")) {
                    Path path = new Path(file);
                    sizes[i] = path.getFileSystem(hadoop.get()).getFileStatus(path).getLen();
                    total += sizes[i];
                }
            }
        } catch (IOException e) {
            return whole; // the readers report the file as unreadable
        }
        long share = Math.max(minRangeBytes, (total + cores - 1) / cores);
        List<FileRange> cut = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (sizes[i] <= share) {
                cut.add(whole.get(i));
                continue;
            }
            int pieces = (int) ((sizes[i] + share - 1) / share);
            for (int k = 0; k < pieces; k++) {
                cut.add(new FileRange(files.get(i), sizes[i] * k / pieces,
                        k == pieces - 1 ? Long.MAX_VALUE : sizes[i] * (k + 1) / pieces, 0));
            }
        }
        if (cut.size() == files.size()) {
            return whole;
        }
        // Line numbers: the breaks in every range but a file's last (one task each), summed over the ranges before.
        List<Long> breaks = sc.parallelize(cut, cut.size())
                .map(r -> r.end() == Long.MAX_VALUE ? 0L : lineBreaks(r, hadoop)).collect();
        List<FileRange> out = new ArrayList<>(cut.size());
        long before = 0;
        for (int i = 0; i < cut.size(); i++) {
            FileRange r = cut.get(i);
            before = r.start() == 0 ? 0 : before;
            out.add(new FileRange(r.file(), r.start(), r.end(), before));
            before += breaks.get(i);
        }
        return out;
    }

    /** How many '\n' bytes the range holds. */
    private static long lineBreaks(FileRange range, HadoopConf hadoop) throws IOException {
        Path path = new Path(range.file());
        try (FSDataInputStream in = path.getFileSystem(hadoop.get()).open(path)) {
            in.seek(range.start());
            byte[] buffer = new byte[1 << 16];
            long left = range.end() - range.start();
            long breaks = 0;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        breaks++;
                    }
                }
                left -= n;
            }
            return breaks;
        }
    }

    /**
     * Opens a range at its first line: the first line starting at or after {@code start} (the
     * range's start when the byte before it ends a line). Returns the stream, that line's offset
     * and number.
     */
    private static ByteLines rangeLines(FileRange range, JsonRecordParser parser, HadoopConf hadoop,
                                        InputStream[] opened) throws IOException {
        Path path = new Path(range.file());
        FSDataInputStream raw = path.getFileSystem(hadoop.get()).open(path);
        raw.seek(range.start() - 1);
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        opened[0] = in;
        long offset = range.start() - 1;
        long breaks = range.breaksBefore();
        int b;
        while ((b = in.read()) >= 0) {
            offset++;
            if (b == '\n') {
                // a break at start - 1 was not counted in this range's breaksBefore; one at or after start was
                breaks += offset == range.start() ? 0 : 1;
                break;
            }
        }
        return new ByteLines(in, parser.keepBytes(), false, offset, breaks + 1, range.end());
    }

    /**
     * The lines of one JSONL file (or of a range of it) as rows. A file that breaks mid-way (a
     * truncated or corrupt .gz/.zst) keeps the records read so far and adds one quarantine row for the rest.
     */
    private static Iterator<Row> jsonLines(FileRange range, JsonRecordParser parser, HadoopConf hadoop) {
        return jsonLines(range, parser, hadoop, null);
    }

    /**
     * As {@link #jsonLines(FileRange, JsonRecordParser, HadoopConf)}, but with {@code wanted} (ascending
     * places among the range's records) only those records: the lines in between are skipped
     * unparsed, and reading stops after the last one.
     */
    static Iterator<Row> jsonLines(FileRange range, JsonRecordParser parser, HadoopConf hadoop, Iterator<Long> wanted) {
        String file = range.file();
        return new Iterator<>() {
            private InputStream in;
            private ByteLines lines;
            private Row pending;
            private boolean done;
            private long place;
            private long nextWanted = nextWanted();

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

            /** The next wanted place; -1 when every record is, Long.MAX_VALUE when none is left. */
            private long nextWanted() {
                if (wanted == null) {
                    return -1;
                }
                return wanted.hasNext() ? wanted.next() : Long.MAX_VALUE;
            }

            private Row advance() {
                try {
                    if (nextWanted == Long.MAX_VALUE) {
                        finish();
                        return null;
                    }
                    if (lines == null) {
                        if (range.start() == 0) {
                            in = open(file, hadoop);
                            lines = new ByteLines(in, parser.keepBytes(), false, 0, 1, range.end());
                        } else {
                            InputStream[] opened = new InputStream[1];
                            try {
                                lines = rangeLines(range, parser, hadoop, opened);
                            } finally {
                                in = opened[0];
                            }
                        }
                    }
                    while (lines.hasNext()) {
                        ByteLines.Line line = lines.next();
                        if (nextWanted < 0 || place++ == nextWanted) {
                            nextWanted = nextWanted < 0 ? nextWanted : nextWanted();
                            return row(file, line.number(), line.offset(), line.length(), parser.parseJsonLine(line));
                        }
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

    static Row textFile(String file, RecordParser parser, HadoopConf hadoop) throws IOException {
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
    static JavaRDD<Row> parquet(SparkSession spark, List<String> files, JsonRecordParser parser) {
        Dataset<Row> df = spark.read().parquet(JavaConverters.asScalaBuffer(files).toSeq());
        Dataset<Row> json = df.select(input_file_name().as("_file"),
                org.apache.spark.sql.functions.to_json(org.apache.spark.sql.functions.struct(
                        JavaConverters.asScalaBuffer(java.util.Arrays.stream(df.columns()).map(c -> col("`" + c + "`"))
                                .toList()).toSeq())).as("_json"));
        return json.javaRDD().map(r -> {
            byte[] bytes = r.getString(1).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ByteLines.Line line = new ByteLines.Line(0, 0, bytes.length, bytes);
            return row(r.getString(0), null, null, bytes.length, parser.parseJsonLine(line));
        });
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
