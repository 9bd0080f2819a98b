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
            .add("id", DataTypes.StringType, false)
            .add("text", DataTypes.StringType, false)
            .add("lang", DataTypes.StringType, false)
            .add("lang_score", DataTypes.DoubleType, false)
            .add("meta", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true)
            .add("bytes_in", DataTypes.LongType, false)
            .add("bytes_out", DataTypes.LongType, false)
            .add("results", RESULTS, false)
            .add("pii", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType), false)
            .add("lines_removed", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType), false)
            .add("text_hash", DataTypes.StringType, false);

    private CleanedRows() {
    }

    /** Cleans one partition of {@link io.sparkllm.jobs.io.CorpusReader} document rows. */
    static Iterator<Row> clean(Iterator<Row> rows, DocumentCleaner cleaner) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row r = rows.next();
                String text = r.getString(r.fieldIndex("text"));
                String lang = r.getString(r.fieldIndex("lang"));
                CleanedDocument d = cleaner.clean(text, lang);
                List<Row> results = new ArrayList<>(d.results().size());
                for (FilterResult f : d.results()) {
                    results.add(RowFactory.create(f.rule(), f.value(), f.threshold(), f.passed()));
                }
                int lineIndex = r.fieldIndex("line");
                int metaIndex = r.fieldIndex("meta");
                return RowFactory.create(r.getString(r.fieldIndex("file")),
                        r.isNullAt(lineIndex) ? null : r.getLong(lineIndex),
                        r.getString(r.fieldIndex("id")), d.text(), d.lang(), d.langScore(),
                        r.isNullAt(metaIndex) ? null : r.getMap(metaIndex),
                        r.getLong(r.fieldIndex("bytes")), (long) d.text().getBytes(StandardCharsets.UTF_8).length,
                        JavaConverters.asScalaBuffer(results).toSeq(), scalaMap(d.pii()), scalaMap(d.linesRemoved()),
                        RecordParser.contentId(d.text()));
            }
        };
    }

    private static scala.collection.Map<String, Integer> scalaMap(Map<String, Integer> map) {
        return JavaConverters.mapAsScalaMap(map);
    }
}
