package io.sparkllm.jobs.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a training run stands: the next epoch and round to train, the optimizer steps and tokens
 * so far, and the metrics lines written. Saved with every checkpoint as state.json so that a
 * resumed run continues from the same data position and keeps one metrics history.
 */
public final class TrainingState {
    public int epoch;
    public int round;
    public long step;
    public long tokens;
    public long seed;
    public List<String> metrics = new ArrayList<>();

    public TrainingState() {
    }

    TrainingState(long seed) {
        this.seed = seed;
    }
}
