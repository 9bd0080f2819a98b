package io.sparkllm.jobs.dedup;

import io.sparkllm.jobs.io.CorpusReader;
import io.sparkllm.jobs.io.CorpusRecords;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The kept documents' full rows, read again from the input at their places: dedup holds only ids
 * and signatures, never the text, while it clusters.
 */
final class KeptDocuments {
    /** id, text, lang, source (the file), line, meta: the input's columns. */
    static final StructType SCHEMA = new StructType()
            .add(CorpusReader.SCHEMA.apply("id"))
            .add(CorpusReader.SCHEMA.apply("text"))
            .add(CorpusReader.SCHEMA.apply("lang"))
            .add(CorpusReader.SCHEMA.apply("file").copy("source", CorpusReader.SCHEMA.apply("file").dataType(),
                    CorpusReader.SCHEMA.apply("file").nullable(), CorpusReader.SCHEMA.apply("file").metadata()))
            .add(CorpusReader.SCHEMA.apply("line"))
            .add(CorpusReader.SCHEMA.apply("meta"));

    // The input rows carry no schema: their fields are read by position.
    private static final int[] COLUMNS = {field("id"), field("text"), field("lang"), field("file"), field("line"),
        field("meta")};
    private static final int ERROR = field("error");

    private KeptDocuments() {
    }

    /** Rows in {@link #SCHEMA} of this batch's kept documents among {@code docs}. */
    static JavaRDD<Row> of(CorpusRecords corpus, JavaRDD<SignedDoc> docs) {
        JavaRDD<Long> places = docs.filter(d -> d.isBatch() && d.isKept()).map(d -> d.place);
        return corpus.at(places).map(r -> {
            if (!r.isNullAt(ERROR)) {
                throw new IllegalStateException("a kept document could not be read again (" + r.getString(ERROR)
                        + " in " + r.getString(field("file")) + "): the input changed during the run");
            }
            Object[] values = new Object[COLUMNS.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = r.get(COLUMNS[i]);
            }
            return RowFactory.create(values);
        });
    }

    private static int field(String name) {
        return CorpusReader.SCHEMA.fieldIndex(name);
    }
}
