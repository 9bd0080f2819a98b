package io.sparkllm.runtime;

import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints one line per running Spark stage every few seconds (stage, percent of tasks, rows/s,
 * ETA) and remembers how long each stage took for the manifest.
 */
public final class ProgressListener extends SparkListener implements AutoCloseable {
    private final String jobName;
    private final PrintWriter out;
    private final Map<Integer, StageProgress> running = new ConcurrentHashMap<>();
    private final Map<String, Double> stageSeconds = Collections.synchronizedMap(new LinkedHashMap<>());
    private final ScheduledExecutorService printer;

    public ProgressListener(String jobName, PrintWriter out, double intervalSeconds) {
        this.jobName = jobName;
        this.out = out;
        this.printer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sparkllm-progress");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(100, (long) (intervalSeconds * 1000));
        printer.scheduleAtFixedRate(this::printRunning, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        StageInfo info = event.stageInfo();
        running.put(info.stageId(), new StageProgress(info.stageId(), info.name(), info.numTasks(), System.nanoTime()));
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        StageProgress stage = running.get(event.stageId());
        if (stage == null) {
            return;
        }
        TaskMetrics m = event.taskMetrics();
        long rows = m == null ? 0 : m.inputMetrics().recordsRead() + m.shuffleReadMetrics().recordsRead();
        stage.taskDone(rows);
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted event) {
        StageInfo info = event.stageInfo();
        StageProgress stage = running.remove(info.stageId());
        if (stage != null) {
            stageSeconds.put("stage " + info.stageId() + ": " + info.name(), stage.elapsedSeconds());
        }
    }

    public Map<String, Double> stageSeconds() {
        synchronized (stageSeconds) {
            return new LinkedHashMap<>(stageSeconds);
        }
    }

    void printRunning() {
        for (StageProgress stage : running.values()) {
            out.println(stage.line(jobName));
        }
    }

    @Override
    public void close() {
        printer.shutdownNow();
    }

    /** Counters of one stage, updated from Spark's listener thread. */
    static final class StageProgress {
        private final int id;
        private final String name;
        private final int totalTasks;
        private final long startNanos;
        private int doneTasks;
        private long rows;

        StageProgress(int id, String name, int totalTasks, long startNanos) {
            this.id = id;
            this.name = name;
            this.totalTasks = totalTasks;
            this.startNanos = startNanos;
        }

        synchronized void taskDone(long taskRows) {
            doneTasks++;
            rows += taskRows;
        }

        double elapsedSeconds() {
            return (System.nanoTime() - startNanos) / 1e9;
        }

        synchronized String line(String jobName) {
            double elapsed = elapsedSeconds();
            double fraction = totalTasks == 0 ? 1.0 : (double) doneTasks / totalTasks;
            String eta = doneTasks == 0 ? "?" : Durations.format(elapsed * (1 - fraction) / fraction);
            return String.format("[%s] stage %d (%s): %3.0f%% (%d/%d tasks), %,.0f rows/s, ETA %s",
                    jobName, id, name, 100 * fraction, doneTasks, totalTasks, rows / Math.max(elapsed, 1e-3), eta);
        }
    }
}
