package io.sparkllm.jobs.pairs;

import io.sparkllm.datasets.corpus.ByteLines;
import io.sparkllm.datasets.pairs.PairLine;
import io.sparkllm.datasets.pairs.PairLineParser;
import io.sparkllm.datasets.pairs.PairSource;
import io.sparkllm.jobs.io.CorpusReader;
import io.sparkllm.jobs.io.HadoopConf;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads one {@link PairSource} into rows, one per input line: a raw pair, or a quarantined line
 * with its reason. A Moses pair's line counts are compared first (one extra read of each file), so
 * a misaligned pair is never read as pairs: each of its line positions (the longer file's count)
 * becomes a quarantine row naming both files and both counts.
 */
final class PairFileReader {
    /** source (the unit's label), line (1-based), split from the file name (or null), then the pair or its error. */
    static final StructType SCHEMA = new StructType()
            .add("source", DataTypes.StringType, false)
            .add("line", DataTypes.LongType, false)
            .add("given_split", DataTypes.StringType, true)
            .add("src_raw", DataTypes.StringType, true)
            .add("tgt_raw", DataTypes.StringType, true)
            .add("error", DataTypes.StringType, true)
            .add("raw", DataTypes.StringType, true);

    private final PairSource unit;
    private final PairLineParser parser;
    private final HadoopConf hadoop;
    private final int keepBytes;

    PairFileReader(PairSource unit, PairLineParser parser, HadoopConf hadoop, int keepBytes) {
        this.unit = unit;
        this.parser = parser;
        this.hadoop = hadoop;
        this.keepBytes = keepBytes;
    }

    /**
     * @param missingPartner the absent side's file for a lone Moses side, else null
     */
    Iterator<Row> rows(String missingPartner) {
        try {
            if (unit.kind() != PairSource.Kind.MOSES) {
                return new Lines(unit.srcFile(), null, null);
            }
            if (missingPartner != null) {
                return new Lines(unit.srcFile(), null, "misaligned: " + unit.srcFile() + " has "
                        + count(unit.srcFile()) + " lines but " + missingPartner + " does not exist");
            }
            long srcLines = count(unit.srcFile());
            long tgtLines = count(unit.tgtFile());
            String error = srcLines == tgtLines ? null : "misaligned: " + unit.srcFile() + " has " + srcLines
                    + " lines but " + unit.tgtFile() + " has " + tgtLines;
            return new Lines(unit.srcFile(), unit.tgtFile(), error);
        } catch (IOException | UncheckedIOException e) {
            // Not even the line counts could be read: one row stands for the unit.
            String message = e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
            return List.of(RowFactory.create(unit.label(), 0L, unit.givenSplit(), null, null,
                    "unreadable_file: " + message, "")).iterator();
        }
    }

    private long count(String file) throws IOException {
        try (InputStream in = CorpusReader.open(file, hadoop)) {
            ByteLines lines = new ByteLines(in, 1, true);
            long n = 0;
            while (lines.hasNext()) {
                lines.next();
                n++;
            }
            return n;
        }
    }

    /**
     * Lines of one file (TSV, JSONL), or of two in step (Moses). With {@code error} set every line
     * position is quarantined with it; a stream that breaks mid-way ends with one
     * {@code unreadable_file} row.
     */
    private final class Lines implements Iterator<Row> {
        private final List<InputStream> streams = new ArrayList<>(2);
        private final ByteLines first;
        private final ByteLines second;
        private final String error;
        private Row pending;
        private boolean done;
        private long line;

        Lines(String firstFile, String secondFile, String error) throws IOException {
            this.first = open(firstFile);
            this.second = secondFile == null ? null : open(secondFile);
            this.error = error;
        }

        private ByteLines open(String file) throws IOException {
            InputStream in = CorpusReader.open(file, hadoop);
            streams.add(in);
            return new ByteLines(in, keepBytes, true);
        }

        private void finish() {
            done = true;
            for (InputStream in : streams) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // already broken or fully read
                }
            }
        }

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
            try {
                ByteLines.Line a = first.hasNext() ? first.next() : null;
                ByteLines.Line b = second != null && second.hasNext() ? second.next() : null;
                if (a == null && b == null) {
                    finish();
                    return null;
                }
                line++;
                if (error != null) {
                    return quarantined(error, excerpt(a) + (second == null ? "" : "\t" + excerpt(b)));
                }
                PairLine p = switch (unit.kind()) {
                    case MOSES -> parser.moses(a.bytes(), a.truncated(), b.bytes(), b.truncated());
                    case TSV -> parser.tsv(a.bytes(), a.truncated());
                    case JSONL -> parser.json(a.bytes(), a.truncated());
                };
                return p.readable()
                        ? RowFactory.create(unit.label(), line, unit.givenSplit(), p.src(), p.tgt(), null, null)
                        : quarantined(p.error(), p.raw());
            } catch (UncheckedIOException e) {
                finish();
                line++;
                return quarantined("unreadable_file: reading stopped: " + e.getCause().getMessage(), "");
            }
        }

        private Row quarantined(String reason, String raw) {
            return RowFactory.create(unit.label(), line, unit.givenSplit(), null, null, reason, raw);
        }

        private static String excerpt(ByteLines.Line l) {
            if (l == null) {
                return "";
            }
            String s = new String(l.bytes(), java.nio.charset.StandardCharsets.UTF_8);
            return s.length() <= 1000 ? s : s.substring(0, 1000);
        }
    }
}
