package io.sparkllm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code sparkllm tokenizer-train}. */
@Command(name = "tokenizer-train", mixinStandardHelpOptions = true,
        description = "Learn a byte-level BPE tokenizer (GPT-2 style) from a corpus, counting words on Spark; "
                + "writes a Hugging Face tokenizer.json.")
public final class TokenizerTrainCommand extends CorpusJobCommand {
    @Option(names = "--vocab-size", description = "Vocabulary size (special tokens + 256 bytes + merges); sets 'vocab-size'.")
    Integer vocabSize;

    @Override
    public String jobName() {
        return "tokenizer-train";
    }

    @Override
    protected Map<String, Object> moreSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vocab-size", vocabSize);
        return m;
    }
}
