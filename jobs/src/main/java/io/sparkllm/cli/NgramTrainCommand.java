package io.sparkllm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code sparkllm ngram-train}. */
@Command(name = "ngram-train", mixinStandardHelpOptions = true,
        description = "Train a modified Kneser-Ney n-gram model (ARPA) from a reference corpus, counting on Spark, "
                + "for the clean job's perplexity filter (filters.roots.perplexity-models).")
public final class NgramTrainCommand extends CorpusJobCommand {
    @Option(names = "--lang", description = "Train on documents of this language only; sets 'lang'.")
    String lang;

    @Option(names = "--order", description = "Model order, 1-6; sets 'order'.")
    Integer order;

    @Override
    public String jobName() {
        return "ngram-train";
    }

    @Override
    protected Map<String, Object> moreSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lang", lang);
        m.put("order", order);
        return m;
    }
}
