package io.sparkllm.jobs.dedup;

import io.sparkllm.datasets.dedup.MinHash;
import io.sparkllm.datasets.dedup.Shingles;
import io.sparkllm.datasets.dedup.SignatureBytes;
import io.sparkllm.jobs.io.CorpusReader;
import io.sparkllm.jobs.io.CorpusRecords;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.types.UTF8String;

import java.util.Iterator;

/**
 * Turns one partition of input records ({@link io.sparkllm.jobs.io.CorpusReader#SCHEMA} rows) into
 * signed documents, remembering each one's place so it can be read again. An
 * unreadable record becomes a document with no id, which only counts.
 */
final class DocumentSigner implements Function2<Integer, Iterator<Row>, Iterator<SignedDoc>> {
    private static final int ID = CorpusReader.SCHEMA.fieldIndex("id");
    private static final int TEXT = CorpusReader.SCHEMA.fieldIndex("text");
    private static final int ERROR = CorpusReader.SCHEMA.fieldIndex("error");

    private final Shingles shingles;
    private final MinHash minHash;

    DocumentSigner(Shingles shingles, MinHash minHash) {
        this.shingles = shingles;
        this.minHash = minHash;
    }

    /** The id's hash as Spark SQL's {@code xxhash64(id)} gives it (seed 42 over the UTF-8 bytes). */
    static long node(String id) {
        return XXH64.hashUTF8String(UTF8String.fromString(id), 42L);
    }

    @Override
    public Iterator<SignedDoc> call(Integer partition, Iterator<Row> records) {
        return new Iterator<>() {
            private long position;

            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public SignedDoc next() {
                Row r = records.next();
                long place = CorpusRecords.place(partition, position++);
                if (!r.isNullAt(ERROR)) {
                    return new SignedDoc(0, null, null, SignedDoc.BATCH, place);
                }
                String id = r.getString(ID);
                byte[] signature = SignatureBytes.encode(minHash.signature(shingles.hashes(r.getString(TEXT))));
                return new SignedDoc(node(id), id, signature, SignedDoc.BATCH, place);
            }
        };
    }
}
