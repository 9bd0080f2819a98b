package io.sparkllm.model.generate;

import java.util.ArrayList;
import java.util.List;

/** The best {@code capacity} hypotheses finished so far, best first; among equal scores the earlier one ranks first. */
final class FinishedHypotheses {
    private final int capacity;
    private final List<Hypothesis> best = new ArrayList<>();

    FinishedHypotheses(int capacity) {
        this.capacity = capacity;
    }

    void add(Hypothesis hypothesis) {
        int at = best.size();
        while (at > 0 && best.get(at - 1).score() < hypothesis.score()) {
            at--;
        }
        if (at < capacity) {
            best.add(at, hypothesis);
            if (best.size() > capacity) {
                best.remove(capacity);
            }
        }
    }

    int size() {
        return best.size();
    }

    double worstScore() {
        return best.get(best.size() - 1).score();
    }

    List<Hypothesis> best(int n) {
        return List.copyOf(best.subList(0, Math.min(n, best.size())));
    }
}
