package io.sparkllm.jobs.dedup;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;

/**
 * A whole partition of records made of longs (edges, labels, links) as one cached object, a
 * column per field. Spark measures a partition it caches as objects by walking a sample of them
 * again and again as the partition grows: for dedup's 330 thousand links and its labels that took
 * about half a CPU second a run, while a few primitive arrays it sizes at once.
 */
public final class LongBlock implements Serializable {
    public long[][] columns;
    public int size;

    public LongBlock() {
        // for Kryo
    }

    private LongBlock(int width) {
        columns = new long[width][64];
    }

    /** Writes one record into row {@code row} of the columns. */
    @FunctionalInterface
    interface Writer<T> extends Serializable {
        void write(T record, long[][] columns, int row);
    }

    /** Reads row {@code row} of the columns back as a record. */
    @FunctionalInterface
    interface Reader<T> extends Serializable {
        T read(long[][] columns, int row);
    }

    /** Records cached a partition to a block; {@code records} reads them back. */
    record Cached<T>(JavaRDD<LongBlock> blocks, JavaRDD<T> records) {
        /** Computes the blocks (the first pass caches them) and returns how many records they hold. */
        long count() {
            return blocks.map(b -> (long) b.size).fold(0L, Long::sum);
        }

        void unpersist() {
            blocks.unpersist(false);
        }
    }

    /** {@code records}, a partition to a block of {@code width} columns, persisted in memory (and disk). */
    static <T> Cached<T> cache(JavaRDD<T> records, int width, Writer<T> writer, Reader<T> reader) {
        JavaRDD<LongBlock> blocks = records.mapPartitions(rows -> {
            LongBlock block = new LongBlock(width);
            while (rows.hasNext()) {
                block.add(rows.next(), writer);
            }
            return java.util.List.of(block.trimmed()).iterator();
        }).persist(StorageLevel.MEMORY_AND_DISK());
        return new Cached<>(blocks, blocks.flatMap(b -> b.rows(reader)));
    }

    private <T> void add(T record, Writer<T> writer) {
        if (size == columns[0].length) {
            for (int c = 0; c < columns.length; c++) {
                columns[c] = Arrays.copyOf(columns[c], size * 2);
            }
        }
        writer.write(record, columns, size++);
    }

    private LongBlock trimmed() {
        for (int c = 0; c < columns.length; c++) {
            columns[c] = Arrays.copyOf(columns[c], size);
        }
        return this;
    }

    private <T> Iterator<T> rows(Reader<T> reader) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public T next() {
                return reader.read(columns, next++);
            }
        };
    }
}
