package io.sparkllm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code sparkllm ngram-train}. */
@Command(name = "ngram-train", mixinStandardHelpOptions = true,
        description = "Train a modified Kneser-Ney n-gram model (ARPA) from a reference corpus, counting on Spark, "
                + "for the clean job's perplexity filter (filters.roots.perplexity-models).")
public final class NgramTrainCommand extends JobCommand {
    @Option(names = "--input", paramLabel = "PATH", split = ",", description = "Input paths or globs; sets 'input'.")
    List<String> input;

    @Option(names = "--output", paramLabel = "DIR", description = "Output directory; sets 'output'.")
    String output;

    @Option(names = "--lang", description = "Train on documents of this language only; sets 'lang'.")
    String lang;

    @Option(names = "--order", description = "Model order, 1-6; sets 'order'.")
    Integer order;

    @Override
    public String jobName() {
        return "ngram-train";
    }

    @Override
    protected Map<String, Object> optionSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", input);
        m.put("output", output);
        m.put("lang", lang);
        m.put("order", order);
        return m;
    }
}
