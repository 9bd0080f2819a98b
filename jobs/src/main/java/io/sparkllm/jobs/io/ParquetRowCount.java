package io.sparkllm.jobs.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

import java.io.IOException;

/**
 * How many rows a directory of Parquet files holds, from the files' footers: what was actually
 * written, without a Spark job.
 */
public final class ParquetRowCount {
    private ParquetRowCount() {
    }

    public static long of(Path directory, Configuration hadoop) throws IOException {
        FileSystem fs = directory.getFileSystem(hadoop);
        long rows = 0;
        for (FileStatus file : fs.listStatus(directory, p -> p.getName().endsWith(".parquet"))) {
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(file, hadoop))) {
                rows += reader.getRecordCount();
            }
        }
        return rows;
    }
}
