package io.sparkllm.jobs.train;

import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

import java.io.Serializable;

/**
 * Sums the training loss of every minibatch the workers fit, into Spark accumulators the driver
 * reads after each round: DL4J's score of a minibatch (taken before its update, without the
 * weight-decay term) is the loss averaged over its examples, so score × examples summed over the
 * round is the round's total loss, which the job divides by the round's predicted tokens. The
 * workers' own last score covers one minibatch of each worker only, and for sequences of varied
 * length a per-example mean is no per-token figure.
 */
final class TrainLossTally extends BaseTrainingListener implements Serializable {
    private final DoubleAccumulator loss;
    private final LongAccumulator examples;

    TrainLossTally(DoubleAccumulator loss, LongAccumulator examples) {
        this.loss = loss;
        this.examples = examples;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        long batch = model.batchSize();
        double regularization = model instanceof ComputationGraph graph ? graph.calcRegularizationScore(true) : 0;
        loss.add((model.score() - regularization) * batch);
        examples.add(batch);
    }

    /** Starts a round's tally (on the driver). */
    void reset() {
        loss.reset();
        examples.reset();
    }

    /** The round's loss summed over its examples' predicted tokens. */
    double totalLoss() {
        return loss.value();
    }

    long examples() {
        return examples.value();
    }
}
