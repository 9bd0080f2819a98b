package io.sparkllm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sparkllm eval KIND}: the batch evaluation jobs. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a model on the executors: metrics.json, per-example Parquet and report.html.",
        subcommands = {EvalCommand.Classify.class, EvalHumanEvalCommand.class})
public final class EvalCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing evaluation: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** {@code sparkllm eval classify}. */
    @Command(name = "classify", mixinStandardHelpOptions = true,
            description = "Accuracy, macro-F1 and the confusion matrix of a classifier on tokenize classify examples.")
    public static final class Classify extends CorpusJobCommand {
        @picocli.CommandLine.Option(names = "--model", paramLabel = "DIR", description = "The classifier's model directory; sets 'model'.")
        String model;

        @Override
        public String jobName() {
            return "eval-classify";
        }

        @Override
        protected java.util.Map<String, Object> moreSettings() {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("model", model);
            return m;
        }
    }
}
