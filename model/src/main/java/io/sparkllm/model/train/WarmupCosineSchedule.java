package io.sparkllm.model.train;

import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Learning rate warmed up linearly from 0 over {@code warmupSteps}, then decayed along a half
 * cosine to {@code minRatio} × peak at {@code totalSteps}, and held there. Steps are DL4J's
 * iteration count, which a network carries in its configuration (and so in checkpoints).
 */
public class WarmupCosineSchedule implements ISchedule {
    private final double peak;
    private final long warmupSteps;
    private final long totalSteps;
    private final double minRatio;

    public WarmupCosineSchedule(@JsonProperty("peak") double peak, @JsonProperty("warmupSteps") long warmupSteps,
                                @JsonProperty("totalSteps") long totalSteps, @JsonProperty("minRatio") double minRatio) {
        if (peak <= 0 || warmupSteps < 0 || totalSteps < 1 || minRatio < 0 || minRatio > 1) {
            throw new IllegalArgumentException("learning-rate schedule needs peak > 0, warmup >= 0, total >= 1 and "
                    + "min ratio in [0, 1]; got " + peak + ", " + warmupSteps + ", " + totalSteps + ", " + minRatio);
        }
        this.peak = peak;
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
        this.minRatio = minRatio;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration < warmupSteps) {
            return peak * (iteration + 1) / warmupSteps;
        }
        long decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (iteration - warmupSteps) / decaySteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return peak * (minRatio + (1 - minRatio) * cosine);
    }

    /**
     * Value equality matters: DL4J lays out updater state in blocks of parameters whose updaters are
     * equal, so a copy (a clone for a Spark worker, a restored checkpoint) must compare equal to the
     * original or its state would be read in another layout.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupCosineSchedule s && s.peak == peak && s.warmupSteps == warmupSteps
                && s.totalSteps == totalSteps && s.minRatio == minRatio;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(peak, warmupSteps, totalSteps, minRatio);
    }

    @Override
    public ISchedule clone() {
        return new WarmupCosineSchedule(peak, warmupSteps, totalSteps, minRatio);
    }

    public double getPeak() {
        return peak;
    }

    public long getWarmupSteps() {
        return warmupSteps;
    }

    public long getTotalSteps() {
        return totalSteps;
    }

    public double getMinRatio() {
        return minRatio;
    }
}
