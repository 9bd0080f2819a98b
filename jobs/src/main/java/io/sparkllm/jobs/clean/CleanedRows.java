package io.sparkllm.jobs.clean;

import io.sparkllm.datasets.clean.CleanedDocument;
import io.sparkllm.datasets.clean.DocumentCleaner;
import io.sparkllm.datasets.clean.FilterResult;
import io.sparkllm.datasets.corpus.RecordParser;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Runs the document cleaner over read records and lays its results out as Spark rows. */
final class CleanedRows {
    static final StructType RESULT = new StructType()
            .add("rule", DataTypes.StringType, false)
            .add("value", DataTypes.DoubleType, false)
            .add("threshold", DataTypes.DoubleType, false)
            .add("passed", DataTypes.BooleanType, false);
    static final ArrayType RESULTS = DataTypes.createArrayType(RESULT, false);
    static final StructType SCHEMA = new StructType()
            .add("file", DataTypes.StringType, false)
            .add("line", DataTypes.LongType, true)
            .add("id", DataTypes.StringType, true)
            .add("text", DataTypes.StringType, true)
            .add("lang", DataTypes.StringType, true)
            .add("lang_score", DataTypes.DoubleType, true)
            .add("meta", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true)
            .add("bytes_in", DataTypes.LongType, false)
            .add("bytes_out", DataTypes.LongType, true)
            .add("results", RESULTS, true)
            .add("pii", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType), true)
            .add("lines_removed", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType), true)
            .add("text_hash", DataTypes.StringType, true)
            .add("offset", DataTypes.LongType, true)
            .add("error", DataTypes.StringType, true)
            .add("raw", DataTypes.StringType, true);

    private CleanedRows() {
    }

    /**
     * Cleans one partition of {@link io.sparkllm.jobs.io.CorpusReader} rows; an unreadable record
     * passes through with its error, file, line, offset and raw excerpt.
     */
    static Iterator<Row> clean(Iterator<Row> rows, DocumentCleaner cleaner) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row r = rows.next();
                int lineIndex = r.fieldIndex("line");
                Long line = r.isNullAt(lineIndex) ? null : r.getLong(lineIndex);
                String file = r.getString(r.fieldIndex("file"));
                if (!r.isNullAt(r.fieldIndex("error"))) {
                    int offsetIndex = r.fieldIndex("offset");
                    return RowFactory.create(file, line, null, null, null, null, null, r.getLong(r.fieldIndex("bytes")),
                            null, null, null, null, null, r.isNullAt(offsetIndex) ? null : r.getLong(offsetIndex),
                            r.getString(r.fieldIndex("error")), r.getString(r.fieldIndex("raw")));
                }
                String text = r.getString(r.fieldIndex("text"));
                String lang = r.getString(r.fieldIndex("lang"));
                CleanedDocument d = cleaner.clean(text, lang);
                List<Row> results = new ArrayList<>(d.results().size());
                for (FilterResult f : d.results()) {
                    results.add(RowFactory.create(f.rule(), f.value(), f.threshold(), f.passed()));
                }
                int metaIndex = r.fieldIndex("meta");
                byte[] utf8 = d.text().getBytes(StandardCharsets.UTF_8); // encoded once: its length and its hash
                return RowFactory.create(file, line,
                        r.getString(r.fieldIndex("id")), d.text(), d.lang(), d.langScore(),
                        r.isNullAt(metaIndex) ? null : r.getMap(metaIndex),
                        r.getLong(r.fieldIndex("bytes")), (long) utf8.length,
                        JavaConverters.asScalaBuffer(results).toSeq(), scalaMap(d.pii()), scalaMap(d.linesRemoved()),
                        RecordParser.contentId(utf8), null, null, null);
            }
        };
    }

    private static scala.collection.Map<String, Integer> scalaMap(Map<String, Integer> map) {
        return JavaConverters.mapAsScalaMap(map);
    }
}
