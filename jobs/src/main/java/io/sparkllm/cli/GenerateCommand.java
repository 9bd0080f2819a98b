package io.sparkllm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code sparkllm generate}. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Complete a file of prompts with a decoder-only model (sparkllm or Hugging Face directory) "
                + "on the executors: greedy or sampled (temperature, top-k, top-p), stop tokens and sequences, "
                + "written to Parquet.")
public final class GenerateCommand extends CorpusJobCommand {
    @Option(names = "--model", paramLabel = "DIR", description = "Model directory (model.conf + model.zip, or config.json + safetensors); sets 'model'.")
    String model;

    @Option(names = "--tokenizer", description = "Tokenizer file; default: the model directory's tokenizer.json; sets 'tokenizer'.")
    String tokenizer;

    @Option(names = "--max-new-tokens", description = "Tokens to generate at most per completion; sets 'max-new-tokens'.")
    Integer maxNewTokens;

    @Option(names = "--samples", description = "Completions per prompt; sets 'samples'.")
    Integer samples;

    @Option(names = "--greedy", description = "Always take the most likely token; sets 'greedy'.")
    Boolean greedy;

    @Option(names = "--temperature", description = "Sampling temperature; sets 'temperature'.")
    Double temperature;

    @Option(names = "--top-k", description = "Sample from the k most likely tokens (0: all); sets 'top-k'.")
    Integer topK;

    @Option(names = "--top-p", description = "Sample from the smallest set holding this much probability; sets 'top-p'.")
    Double topP;

    @Override
    public String jobName() {
        return "generate";
    }

    @Override
    protected Map<String, Object> moreSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("tokenizer", tokenizer);
        m.put("max-new-tokens", maxNewTokens);
        m.put("samples", samples);
        m.put("greedy", greedy);
        m.put("temperature", temperature);
        m.put("top-k", topK);
        m.put("top-p", topP);
        return m;
    }
}
