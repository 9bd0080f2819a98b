package io.sparkllm.jobs.io;

import io.sparkllm.datasets.corpus.RecordParser;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * An input corpus as an RDD of records ({@link CorpusReader#SCHEMA} rows, big JSONL files read in
 * ranges) that can be read again at chosen records: a job that works on ids and hashes alone reads
 * the full rows of the few records it outputs a second time instead of holding every text. A
 * record's place is its partition of {@link #all} and its position there, the same on every read;
 * JSONL lines between the chosen ones are skipped unparsed.
 */
public final class CorpusRecords {
    // A place packs the partition above these bits and the position below them.
    private static final int POSITION_BITS = 40;
    private static final long POSITION_MASK = (1L << POSITION_BITS) - 1;

    private final JavaSparkContext sc;
    private final List<CorpusReader.FileRange> ranges;
    private final List<String> textFiles;
    private final JavaRDD<Row> parquetRows;
    private final RecordParser parser;
    private final HadoopConf hadoop;
    private final JavaRDD<Row> all;

    CorpusRecords(SparkSession spark, InputFiles.Listing files, RecordParser parser, HadoopConf hadoop) {
        this(spark, files, CorpusReader.ranges(JavaSparkContext.fromSparkContext(spark.sparkContext()), files, hadoop,
                true), parser, hadoop);
    }

    /** The JSONL files read as the given ranges of them. */
    CorpusRecords(SparkSession spark, InputFiles.Listing files, List<CorpusReader.FileRange> ranges, RecordParser parser,
                  HadoopConf hadoop) {
        this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.ranges = ranges;
        this.textFiles = files.text();
        this.parquetRows = files.parquet().isEmpty() ? null : CorpusReader.parquet(spark, files.parquet(), parser);
        this.parser = parser;
        this.hadoop = hadoop;
        List<JavaRDD<Row>> parts = new ArrayList<>();
        if (!ranges.isEmpty()) {
            parts.add(sc.parallelize(ranges, ranges.size())
                    .flatMap(range -> CorpusReader.jsonLines(range, parser, hadoop, null)));
        }
        if (!textFiles.isEmpty()) {
            parts.add(sc.parallelize(textFiles, textFiles.size()).map(file -> CorpusReader.textFile(file, parser, hadoop)));
        }
        if (parquetRows != null) {
            parts.add(parquetRows);
        }
        this.all = union(parts);
    }

    /** Every record; computing it reads the input. */
    public JavaRDD<Row> all() {
        return all;
    }

    /** The place of the record at {@code position} in partition {@code partition} of {@link #all}. */
    public static long place(int partition, long position) {
        if (position > POSITION_MASK) {
            throw new IllegalStateException("an input partition holds over 2^" + POSITION_BITS + " records");
        }
        return ((long) partition << POSITION_BITS) | position;
    }

    /** The records at the given places, read again (in no particular order). */
    public JavaRDD<Row> at(JavaRDD<Long> places) {
        List<JavaRDD<Row>> picked = new ArrayList<>();
        int first = 0;
        RecordParser parser = this.parser;
        HadoopConf hadoop = this.hadoop;
        if (!ranges.isEmpty()) {
            picked.add(sc.parallelize(ranges, ranges.size()).zipPartitions(positions(places, first, ranges.size()),
                    (range, wanted) -> CorpusReader.jsonLines(range.next(), parser, hadoop, wanted)));
            first += ranges.size();
        }
        if (!textFiles.isEmpty()) {
            picked.add(sc.parallelize(textFiles, textFiles.size()).zipPartitions(
                    positions(places, first, textFiles.size()), (file, wanted) -> wanted.hasNext()
                            ? List.of(CorpusReader.textFile(file.next(), parser, hadoop)).iterator()
                            : Collections.emptyIterator()));
            first += textFiles.size();
        }
        if (parquetRows != null) {
            picked.add(parquetRows.zipPartitions(positions(places, first, parquetRows.getNumPartitions()),
                    CorpusRecords::pick));
        }
        return union(picked);
    }

    private JavaRDD<Row> union(List<JavaRDD<Row>> parts) {
        if (parts.isEmpty()) {
            return sc.emptyRDD();
        }
        return parts.size() == 1 ? parts.get(0) : sc.union(parts.toArray(JavaRDD[]::new));
    }

    /**
     * The positions of the places in partitions [first, first + count) of {@link #all}, as an RDD
     * of {@code count} partitions, each holding its partition's positions in ascending order.
     */
    private static JavaRDD<Long> positions(JavaRDD<Long> places, int first, int count) {
        return places.filter(p -> p >>> POSITION_BITS >= first && p >>> POSITION_BITS < first + count)
                .mapToPair(p -> new scala.Tuple2<>(p - ((long) first << POSITION_BITS), Boolean.TRUE))
                .repartitionAndSortWithinPartitions(
                        new KeyedPartitions(count, key -> (int) ((Long) key >>> POSITION_BITS)))
                .keys().map(p -> p & POSITION_MASK);
    }

    /** The records of one partition at the given ascending positions. */
    private static Iterator<Row> pick(Iterator<Row> records, Iterator<Long> wanted) {
        return new LookAhead<>() {
            private long position;

            @Override
            protected Row advance() {
                if (!wanted.hasNext()) {
                    return null;
                }
                long at = wanted.next();
                Row record;
                do {
                    if (!records.hasNext()) {
                        throw new IllegalStateException("no record at position " + at + ": the input changed");
                    }
                    record = records.next();
                } while (position++ < at);
                return record;
            }
        };
    }
}
