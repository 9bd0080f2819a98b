package io.sparkllm.runtime;

import io.sparkllm.jobs.clean.CleanJob;
import io.sparkllm.jobs.decontaminate.DecontaminateJob;
import io.sparkllm.jobs.dedup.DedupJob;
import io.sparkllm.jobs.humaneval.HumanEvalExecJob;
import io.sparkllm.jobs.humaneval.HumanEvalPrepJob;
import io.sparkllm.jobs.ngram.NgramTrainJob;
import io.sparkllm.jobs.pairs.PairsJob;
import io.sparkllm.jobs.sample.SampleJob;
import io.sparkllm.jobs.tokenize.TokenizeJob;
import io.sparkllm.jobs.generate.GenerateJob;
import io.sparkllm.jobs.train.TrainJob;
import io.sparkllm.jobs.tokenizer.TokenizerTrainJob;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Every job sparkllm can run, by name: the CLI and the pipeline both look jobs up here. */
public final class JobCatalog {
    private static final Map<String, Job> JOBS = new LinkedHashMap<>();

    static {
        register(new SampleJob());
        register(new CleanJob());
        register(new NgramTrainJob());
        register(new DedupJob());
        register(new DecontaminateJob());
        register(new PairsJob());
        register(new HumanEvalPrepJob());
        register(new HumanEvalExecJob());
        register(new TokenizerTrainJob());
        register(new TokenizeJob());
        register(new GenerateJob());
        register(new TrainJob());
        register(new io.sparkllm.jobs.eval.EvalClassifyJob());
        register(new io.sparkllm.jobs.eval.EvalBleuJob());
        register(new io.sparkllm.jobs.eval.EvalPerplexityJob());
        register(new io.sparkllm.jobs.eval.humaneval.EvalHumanEvalJob());
    }

    private JobCatalog() {
    }

    private static void register(Job job) {
        JOBS.put(job.name(), job);
    }

    public static Optional<Job> find(String name) {
        return Optional.ofNullable(JOBS.get(name));
    }

    public static Job get(String name) {
        return find(name).orElseThrow(() -> new UsageException(
                "unknown job '" + name + "' (known: " + String.join(", ", JOBS.keySet()) + ")"));
    }
}
