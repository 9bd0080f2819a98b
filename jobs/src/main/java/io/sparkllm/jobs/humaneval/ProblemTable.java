package io.sparkllm.jobs.humaneval;

import io.sparkllm.datasets.humaneval.Language;
import io.sparkllm.datasets.humaneval.Problem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The schema of humaneval-prep's {@code problems/} table, and the conversion to and from rows. */
final class ProblemTable {
    static final StructType SCHEMA = new StructType()
            .add("language", DataTypes.StringType, false)
            .add("task_id", DataTypes.StringType, false)
            .add("number", DataTypes.IntegerType, false)
            .add("prompt", DataTypes.StringType, false)
            .add("declaration", DataTypes.StringType)
            .add("canonical_solution", DataTypes.StringType, false)
            .add("test", DataTypes.StringType, false)
            .add("example_test", DataTypes.StringType)
            .add("import", DataTypes.StringType)
            .add("test_setup", DataTypes.StringType)
            .add("entry_point", DataTypes.StringType);

    static final StructType QUARANTINE = new StructType()
            .add("file", DataTypes.StringType).add("line", DataTypes.LongType).add("rule", DataTypes.StringType)
            .add("error", DataTypes.StringType).add("raw", DataTypes.StringType);

    private ProblemTable() {
    }

    static Row toRow(Problem p, int number) {
        return RowFactory.create(p.language().id(), p.taskId(), number, p.prompt(), p.declaration(),
                p.canonicalSolution(), p.test(), p.exampleTest(), p.importBlock(), p.testSetup(), p.entryPoint());
    }

    static Problem fromRow(Row r) {
        return new Problem(Language.of(r.getString(r.fieldIndex("language"))), r.getString(r.fieldIndex("task_id")),
                r.getString(r.fieldIndex("prompt")), r.getString(r.fieldIndex("declaration")),
                r.getString(r.fieldIndex("canonical_solution")), r.getString(r.fieldIndex("test")),
                r.getString(r.fieldIndex("example_test")), r.getString(r.fieldIndex("import")),
                r.getString(r.fieldIndex("test_setup")), r.getString(r.fieldIndex("entry_point")));
    }
}
