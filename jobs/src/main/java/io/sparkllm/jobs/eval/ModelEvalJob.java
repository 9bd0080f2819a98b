package io.sparkllm.jobs.eval;

import com.typesafe.config.Config;
import io.sparkllm.jobs.CorpusJob;

import java.util.ArrayList;
import java.util.List;

/**
 * An evaluation of a saved model on corpus input: the model directory is an input too, so a
 * retrained model makes earlier results stale.
 */
abstract class ModelEvalJob extends CorpusJob {
    @Override
    public List<String> inputs(Config config) {
        List<String> inputs = new ArrayList<>(super.inputs(config));
        inputs.add(config.getString("model"));
        return inputs;
    }
}
