package io.sparkllm.jobs.train;

import com.typesafe.config.Config;
import io.sparkllm.runtime.UsageException;

/** The train job's settings, read and checked once. */
record TrainSettings(String task, String modelPreset, String initFrom, int batchSizePerWorker, int averagingFrequency,
                     int workers, int prefetch, int epochs, long maxSteps, double learningRate, long warmupSteps,
                     double minLearningRateRatio, double weightDecay, double clipNorm, long seed, int evalEvery,
                     int checkpointEvery, String checkpointDir, boolean resume, int stopAfterRounds, int validBatches,
                     Double dropout, String clipMode, boolean documentMasks) {

    static TrainSettings from(Config c, int defaultWorkers) {
        TrainSettings s = new TrainSettings(c.getString("task"),
                c.getIsNull("model") ? null : c.getString("model"),
                c.getIsNull("init-from") ? null : c.getString("init-from"),
                c.getInt("batch-size-per-worker"), c.getInt("averaging-frequency"),
                c.getIsNull("workers") ? defaultWorkers : c.getInt("workers"), c.getInt("prefetch"),
                c.getInt("epochs"), c.getLong("max-steps"), c.getDouble("learning-rate"), c.getLong("warmup-steps"),
                c.getDouble("min-learning-rate-ratio"), c.getDouble("weight-decay"), c.getDouble("clip-norm"),
                c.getLong("seed"), c.getInt("eval-every"), c.getInt("checkpoint-every"),
                c.getIsNull("checkpoint-dir") ? c.getString("output") + ".checkpoints" : c.getString("checkpoint-dir"),
                c.getBoolean("resume"), c.getInt("stop-after-rounds"), c.getInt("valid-batches"),
                c.getIsNull("dropout") ? null : c.getDouble("dropout"), c.getString("clip-mode"),
                c.getBoolean("document-masks"));
        s.check();
        return s;
    }

    private void check() {
        TrainTask.named(task);
        if ((modelPreset == null) == (initFrom == null)) {
            throw new UsageException("train: set exactly one of 'model' (a preset such as conf/model/tiny-gpt2.conf) "
                    + "and 'init-from' (a model directory)");
        }
        require(batchSizePerWorker > 0, "batch-size-per-worker");
        require(averagingFrequency > 0, "averaging-frequency");
        require(workers > 0, "workers");
        require(epochs > 0, "epochs");
        require(learningRate > 0, "learning-rate");
        require(evalEvery > 0, "eval-every");
        require(checkpointEvery > 0, "checkpoint-every");
        if (!clipMode.equals("global") && !clipMode.equals("per-layer")) {
            throw new UsageException("train: clip-mode must be global or per-layer, got '" + clipMode + "'");
        }
        if (dropout != null && (dropout < 0 || dropout >= 1)) {
            throw new UsageException("train: dropout must be in [0, 1), got " + dropout);
        }
    }

    private static void require(boolean ok, String key) {
        if (!ok) {
            throw new UsageException("train: " + key + " must be positive");
        }
    }

    /** Examples one averaging round takes: every worker runs averaging-frequency minibatches. */
    long examplesPerRound() {
        return (long) workers * batchSizePerWorker * averagingFrequency;
    }
}
