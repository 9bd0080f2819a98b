package io.sparkllm.jobs.clean;

import io.sparkllm.datasets.clean.LmText;
import io.sparkllm.datasets.clean.PerplexityScorer;
import io.sparkllm.datasets.clean.roots.RootsParameters;
import io.sparkllm.datasets.ngram.ArpaModel;
import org.apache.spark.broadcast.Broadcast;

import java.util.Map;

/** Scores documents with per-language ARPA models broadcast once to every executor. */
final class BroadcastPerplexity implements PerplexityScorer {
    private final Broadcast<Map<String, ArpaModel>> models;
    private final Map<String, RootsParameters> parameters;

    BroadcastPerplexity(Broadcast<Map<String, ArpaModel>> models, Map<String, RootsParameters> parameters) {
        this.models = models;
        this.parameters = parameters;
    }

    @Override
    public double perplexity(String language, String text) {
        ArpaModel model = models.value().get(language);
        if (model == null) {
            return Double.NaN;
        }
        boolean cjk = RootsParameters.forLanguage(parameters, language).tokenization;
        return model.perplexity(LmText.sentences(text, cjk));
    }
}
