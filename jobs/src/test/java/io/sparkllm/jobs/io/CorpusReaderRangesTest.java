package io.sparkllm.jobs.io;

import io.sparkllm.datasets.corpus.RecordParser;
import io.sparkllm.testing.TestSpark;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A JSONL file read in byte ranges gives exactly the rows of reading it whole, line numbers and offsets included. */
class CorpusReaderRangesTest {
    private static final RecordParser PARSER = new RecordParser("text", "id", "lang", 10_000, 100);

    @Test
    void rangesGiveTheSameRowsAsTheWholeFileWhereverTheCutsFall(@TempDir Path tmp) throws Exception {
        Random random = new Random(11);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < 400; i++) {
            switch (random.nextInt(8)) {
                case 0 -> bytes.write('\n'); // blank line: counted, not a record
                case 1 -> bytes.write("{\"id\": \"crlf\", \"text\": \"windows line\"}\r\n".getBytes(StandardCharsets.UTF_8));
                case 2 -> bytes.write("{not json\n".getBytes(StandardCharsets.UTF_8));
                case 3 -> bytes.write(new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, '"', '}', '\n'});
                default -> {
                    String text = "w".repeat(random.nextInt(60)) + " déjà vu 文字 " + i;
                    bytes.write(("{\"id\": \"d" + i + "\", \"text\": \"" + text + "\", \"lang\": \"fr\", \"n\": " + i + "}\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        bytes.write("{\"id\": \"last\", \"text\": \"no line break at the end\"}".getBytes(StandardCharsets.UTF_8));
        Path file = tmp.resolve("docs.jsonl");
        Files.write(file, bytes.toByteArray());
        Path small = tmp.resolve("small.jsonl");
        Files.writeString(small, "{\"id\": \"s\", \"text\": \"a small file\"}\n");

        SparkSession spark = TestSpark.session();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        HadoopConf hadoop = new HadoopConf(new Configuration());
        List<String> names = List.of(file.toUri().toString(), small.toUri().toString());
        InputFiles.Listing listing = new InputFiles.Listing(names, List.of(), List.of());
        List<Row> whole = CorpusReader.read(spark, listing, PARSER, hadoop).collectAsList();
        assertThat(whole).hasSize(400 + 1 + 1 - blankLines(bytes));

        for (int cores = 3; cores <= 24; cores++) {
            List<CorpusReader.FileRange> ranges = CorpusReader.ranges(sc, names, hadoop, cores, 1);
            assertThat(ranges.size()).isGreaterThan(names.size());
            assertThat(CorpusReader.read(spark, listing, ranges, PARSER, hadoop).collectAsList())
                    .as("%d ranges", ranges.size()).isEqualTo(whole);
        }
    }

    private static int blankLines(ByteArrayOutputStream bytes) {
        String all = bytes.toString(StandardCharsets.ISO_8859_1);
        int blank = 0;
        for (String line : all.split("\n", -1)) {
            if (line.isEmpty()) {
                blank++;
            }
        }
        return blank;
    }
}
