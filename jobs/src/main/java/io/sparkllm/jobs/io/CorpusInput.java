package io.sparkllm.jobs.io;

import com.typesafe.config.Config;
import io.sparkllm.datasets.corpus.RecordParser;
import io.sparkllm.runtime.JobContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;

/**
 * The corpus input every document job shares: the keys {@code input}, {@code format},
 * {@code fields.text/id/lang}, {@code max-record-bytes} and {@code quarantine-excerpt-bytes},
 * read into {@link CorpusReader} rows.
 */
public final class CorpusInput {
    private CorpusInput() {
    }

    public static RecordParser parser(Config c) {
        return new RecordParser(c.getString("fields.text"), c.getString("fields.id"), c.getString("fields.lang"),
                c.getLong("max-record-bytes"), c.getInt("quarantine-excerpt-bytes"));
    }

    public static Dataset<Row> read(JobContext context) throws IOException {
        return read(context, false);
    }

    /** With {@code splitLargeFiles}, big uncompressed JSONL files are read by several tasks (see {@link CorpusReader}). */
    public static Dataset<Row> read(JobContext context, boolean splitLargeFiles) throws IOException {
        return CorpusReader.read(context.spark(), listing(context), parser(context.config()),
                new HadoopConf(context.hadoopConf()), splitLargeFiles);
    }

    /** The same records as an RDD that can be read again at chosen records (see {@link CorpusRecords}). */
    public static CorpusRecords records(JobContext context) throws IOException {
        return new CorpusRecords(context.spark(), listing(context), parser(context.config()),
                new HadoopConf(context.hadoopConf()));
    }

    private static InputFiles.Listing listing(JobContext context) throws IOException {
        Config c = context.config();
        InputFiles.Listing files = InputFiles.list(c.getStringList("input"), c.getString("format"), context.hadoopConf());
        context.say(String.format("%d files: %d JSONL, %d Parquet, %d text", files.size(), files.jsonl().size(),
                files.parquet().size(), files.text().size()));
        return files;
    }
}
