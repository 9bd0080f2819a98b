package io.sparkllm.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Runs one job the same way every time: check inputs, stage the output, run, write
 * {@code _manifest.json}, commit by rename, print the summary. Any failure removes the staged
 * files, and so does a JVM shutdown (a killed driver) through a shutdown hook.
 */
public final class JobRunner {
    private final PrintWriter console;
    private final PrintWriter summary;

    public JobRunner(PrintWriter console, PrintWriter summary) {
        this.console = console;
        this.summary = summary;
    }

    public ObjectNode run(Job job, Config config, boolean overwrite) throws Exception {
        Instant started = Instant.now();
        SparkSession spark = job.usesSpark() ? SparkSessions.getOrCreate(config, job.name()) : null;
        Configuration hadoop = spark != null ? spark.sparkContext().hadoopConfiguration() : new Configuration();
        checkInputsExist(job, config, hadoop);
        String fingerprint = Fingerprints.of(job, config, hadoop);

        StagedOutput staged = StagedOutput.prepare(job.output(config), overwrite, hadoop);
        Thread cleanup = new Thread(staged::abort, "sparkllm-staging-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        ProgressListener progress = null;
        try {
            if (spark != null) {
                progress = new ProgressListener(job.name(), console, config.getDouble("progress.interval-seconds"));
                spark.sparkContext().addSparkListener(progress);
            }
            JobContext context = new JobContext(job, config, staged.staging(), hadoop,
                    () -> spark != null ? spark : SparkSessions.getOrCreate(config, job.name()), console);
            job.run(context);

            Instant finished = Instant.now();
            Map<String, Double> stages = progress == null ? Map.of() : progress.stageSeconds();
            Manifest.SparkInfo sparkInfo = spark == null ? Manifest.SparkInfo.NONE
                    : new Manifest.SparkInfo(spark.sparkContext().applicationId(), spark.sparkContext().master(),
                    spark.version());
            ObjectNode manifest = Manifest.toJson(new Manifest.Run(job.name(), config, fingerprint,
                    staged.output().toString(), context.inputs(), context.outputs(), context.counts(), started,
                    finished, stages, sparkInfo));
            Manifest.write(staged.staging().getFileSystem(hadoop), new Path(staged.staging(), Manifest.FILE_NAME),
                    manifest);
            staged.commit();
            summary.print(SummaryTable.render(job.name(), staged.output().toString(),
                    Duration.between(started, finished).toMillis() / 1000.0, context.inputs(), context.outputs()));
            summary.flush();
            return manifest;
        } catch (Throwable t) {
            staged.abort();
            throw t;
        } finally {
            if (progress != null) {
                spark.sparkContext().removeSparkListener(progress);
                progress.close();
            }
            removeHook(cleanup);
        }
    }

    private static void checkInputsExist(Job job, Config config, Configuration hadoop) throws IOException {
        for (String input : job.inputs(config)) {
            Path path = new Path(input);
            FileStatus[] found = path.getFileSystem(hadoop).globStatus(path);
            if (found == null || found.length == 0) {
                throw new JobFailedException("input not found: " + input);
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting; the hook runs and finds nothing left to do
        }
    }
}
