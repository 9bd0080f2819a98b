package io.sparkllm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code sparkllm eval KIND}: the batch evaluation jobs. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a model on the executors: metrics.json, per-example Parquet and report.html.",
        subcommands = {EvalCommand.Perplexity.class, EvalCommand.BleuEval.class, EvalCommand.Classify.class,
                EvalHumanEvalCommand.class})
public final class EvalCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing evaluation: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** An evaluation of one saved model on corpus input: {@code --model} plus the corpus options. */
    abstract static class ModelEval extends CorpusJobCommand {
        @Option(names = "--model", paramLabel = "DIR", description = "The model directory; sets 'model'.")
        String model;

        @Override
        protected Map<String, Object> moreSettings() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model);
            return m;
        }
    }

    /** {@code sparkllm eval classify}. */
    @Command(name = "classify", mixinStandardHelpOptions = true,
            description = "Accuracy, macro-F1 and the confusion matrix of a classifier on tokenize classify examples.")
    public static final class Classify extends ModelEval {
        @Override
        public String jobName() {
            return "eval-classify";
        }
    }

    /** {@code sparkllm eval bleu}. */
    @Command(name = "bleu", mixinStandardHelpOptions = true,
            description = "Translate a test set with a seq2seq model on the executors and score BLEU and chrF as sacreBLEU does.")
    public static final class BleuEval extends ModelEval {
        @Option(names = "--beam-width", description = "Beam width (1: greedy); sets 'beam-width'.")
        Integer beamWidth;

        @Override
        public String jobName() {
            return "eval-bleu";
        }

        @Override
        protected Map<String, Object> moreSettings() {
            Map<String, Object> m = super.moreSettings();
            m.put("beam-width", beamWidth);
            return m;
        }
    }

    /** {@code sparkllm eval perplexity}. */
    @Command(name = "perplexity", mixinStandardHelpOptions = true,
            description = "Loss and perplexity per token of a language model over tokenize output or raw documents, "
                    + "overall and per language and source; masked-token accuracy for MLM.")
    public static final class Perplexity extends ModelEval {
        @Override
        public String jobName() {
            return "eval-perplexity";
        }
    }
}
