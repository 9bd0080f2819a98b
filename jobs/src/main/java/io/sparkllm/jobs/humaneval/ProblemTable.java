package io.sparkllm.jobs.humaneval;

import io.sparkllm.datasets.humaneval.Language;
import io.sparkllm.datasets.humaneval.Problem;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.JobFailedException;
import io.sparkllm.runtime.UsageException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * The schema of humaneval-prep's {@code problems/} table, the conversion to and from rows, and the
 * reading and subsetting the jobs that run problems share.
 */
public final class ProblemTable {
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

    /** humaneval-prep's output directory, or its problems/ table itself. */
    public static Dataset<Row> read(JobContext context, String path, String job) {
        Path problemsDir = new Path(path, "problems");
        String table;
        try {
            table = context.fileSystem(problemsDir).exists(problemsDir) ? problemsDir.toString() : path;
        } catch (IOException e) {
            throw new JobFailedException(job + ": can't read " + path + ": " + e.getMessage());
        }
        return context.spark().read().parquet(table);
    }

    /** The problems of some languages (empty: all), numbered below {@code perLanguage} (0: all). */
    public static Dataset<Row> select(Dataset<Row> problems, List<String> languages, int perLanguage) {
        if (!languages.isEmpty()) {
            problems = problems.filter(col("language").isin(languageIds(languages).toArray()));
        }
        if (perLanguage > 0) {
            problems = problems.filter(col("number").lt(perLanguage));
        }
        return problems;
    }

    /** Language names as the table spells them (javascript → js); an unknown one is a usage error. */
    public static List<String> languageIds(List<String> languages) {
        List<String> ids = new ArrayList<>();
        for (String l : languages) {
            try {
                ids.add(Language.of(l).id());
            } catch (IllegalArgumentException e) {
                throw new UsageException("languages: " + e.getMessage());
            }
        }
        return ids;
    }
}
