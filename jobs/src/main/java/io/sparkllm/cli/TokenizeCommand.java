package io.sparkllm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code sparkllm tokenize}. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Encode documents with a tokenizer and pack them into fixed windows of seq-len + 1 token ids "
                + "(causal language modelling), split into train and valid, in Parquet.")
public final class TokenizeCommand extends CorpusJobCommand {
    @Option(names = "--tokenizer", description = "tokenizer.json, a GPT-2 or BERT vocabulary, or a directory; sets 'tokenizer'.")
    String tokenizer;

    @Option(names = "--seq-len", description = "Tokens a model sees per example; windows hold one more; sets 'seq-len'.")
    Integer seqLen;

    @Override
    public String jobName() {
        return "tokenize";
    }

    @Override
    protected Map<String, Object> moreSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokenizer", tokenizer);
        m.put("seq-len", seqLen);
        return m;
    }
}
