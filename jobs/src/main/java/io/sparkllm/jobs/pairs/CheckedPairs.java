package io.sparkllm.jobs.pairs;

import io.sparkllm.datasets.clean.FilterResult;
import io.sparkllm.datasets.pairs.PairFilter;
import io.sparkllm.datasets.pairs.PairId;
import io.sparkllm.datasets.pairs.PairSplits;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Runs the pair rules over read rows and decides each pair's split; quarantined rows pass through. */
final class CheckedPairs implements Serializable {
    static final StructType RESULT = new StructType()
            .add("rule", DataTypes.StringType, false)
            .add("value", DataTypes.DoubleType, false)
            .add("threshold", DataTypes.DoubleType, false)
            .add("passed", DataTypes.BooleanType, false);
    static final StructType SCHEMA = new StructType()
            .add("source", DataTypes.StringType, false)
            .add("line", DataTypes.LongType, false)
            .add("split", DataTypes.StringType, true)
            .add("split_rank", DataTypes.IntegerType, false)
            .add("id", DataTypes.StringType, true)
            .add("src", DataTypes.StringType, true)
            .add("tgt", DataTypes.StringType, true)
            .add("results", DataTypes.createArrayType(RESULT, false), true)
            .add("error", DataTypes.StringType, true)
            .add("raw", DataTypes.StringType, true);

    private final PairFilter filter;
    private final PairSplits splits;
    private final String splitMode;

    /** @param splitMode {@code auto}: the file name's split, else by hash; {@code hash}: always by hash */
    CheckedPairs(PairFilter filter, PairSplits splits, String splitMode) {
        this.filter = filter;
        this.splits = splits;
        this.splitMode = splitMode;
    }

    Iterator<Row> check(Iterator<Row> rows) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                return check(rows.next());
            }
        };
    }

    private Row check(Row r) {
        String source = r.getString(0);
        long line = r.getLong(1);
        String given = splitMode.equals("hash") ? null : r.getString(2);
        if (!r.isNullAt(5)) {
            return RowFactory.create(source, line, given, PairSplits.rank(given), null, null, null, null,
                    r.getString(5), r.getString(6));
        }
        PairFilter.Checked c = filter.check(r.getString(3), r.getString(4));
        String split = given != null ? given : splits.byHash(c.src(), c.tgt());
        List<Row> results = new ArrayList<>(c.results().size());
        for (FilterResult f : c.results()) {
            results.add(RowFactory.create(f.rule(), f.value(), f.threshold(), f.passed()));
        }
        return RowFactory.create(source, line, split, PairSplits.rank(split), PairId.of(source, line, c.src(), c.tgt()),
                c.src(), c.tgt(), JavaConverters.asScalaBuffer(results).toSeq(), null, null);
    }
}
