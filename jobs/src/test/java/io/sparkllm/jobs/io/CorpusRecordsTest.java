package io.sparkllm.jobs.io;

import io.sparkllm.datasets.corpus.RecordParser;
import io.sparkllm.testing.TestSpark;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Records read again at their places are exactly the records read the first time, from every kind of input. */
class CorpusRecordsTest {
    private static final RecordParser PARSER = new RecordParser("text", "id", "lang", 10_000, 100);

    @Test
    void recordsReadAgainAtTheirPlacesAreTheSameRows(@TempDir Path tmp) throws Exception {
        Random random = new Random(5);
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            switch (random.nextInt(6)) {
                case 0 -> jsonl.append('\n');
                case 1 -> jsonl.append("{not json\n");
                default -> jsonl.append("{\"id\": \"d").append(i).append("\", \"text\": \"text ").append(i)
                        .append(" déjà vu\", \"lang\": \"fr\", \"n\": ").append(i).append("}\n");
            }
        }
        Path file = tmp.resolve("docs.jsonl");
        Files.writeString(file, jsonl);
        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "a plain text file");
        Path parquet = tmp.resolve("table");
        SparkSession spark = TestSpark.session();
        List<Row> table = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            table.add(RowFactory.create("p" + i, "parquet text " + i));
        }
        spark.createDataFrame(table, new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType))
                .repartition(3).write().parquet(parquet.toString());
        List<String> parquetFiles;
        try (var files = Files.list(parquet)) {
            parquetFiles = files.filter(p -> p.toString().endsWith(".parquet")).map(p -> p.toUri().toString()).sorted()
                    .toList();
        }
        InputFiles.Listing listing = new InputFiles.Listing(List.of(file.toUri().toString()), parquetFiles,
                List.of(text.toUri().toString()));
        HadoopConf hadoop = new HadoopConf(new Configuration());
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());

        for (int cores : new int[] {1, 4}) {
            List<CorpusReader.FileRange> ranges = CorpusReader.ranges(sc, listing.jsonl(), hadoop, cores, 1);
            CorpusRecords corpus = new CorpusRecords(spark, listing, ranges, PARSER, hadoop);
            // Rows are compared as text made in the tasks: their Java maps don't survive Kryo on the way back.
            List<Tuple2<Long, String>> placed = corpus.all().mapPartitionsWithIndex((p, rows) -> {
                List<Tuple2<Long, String>> out = new ArrayList<>();
                long position = 0;
                while (rows.hasNext()) {
                    Row r = rows.next();
                    String readable = r.isNullAt(8) ? r.getString(0) + "|" : "unreadable|";
                    out.add(new Tuple2<>(CorpusRecords.place(p, position++), readable + r));
                }
                return out.iterator();
            }, false).collect();
            List<Tuple2<Long, String>> chosen = placed.stream().filter(t -> !t._2().startsWith("unreadable|")
                    && (random.nextInt(3) == 0 || t._2().contains(".txt|"))).toList();
            assertThat(chosen.stream().map(t -> t._2().substring(0, t._2().indexOf('|'))).distinct())
                    .as("every kind of input is chosen").hasSize(2 + parquetFiles.size());
            JavaRDD<Long> places = sc.parallelize(chosen.stream().map(Tuple2::_1).toList(), 3);
            assertThat(corpus.at(places).map(r -> r.getString(0) + "|" + r).collect().stream().sorted().toList())
                    .as("%d ranges", ranges.size()).isEqualTo(chosen.stream().map(Tuple2::_2).sorted().toList());
        }
    }
}
