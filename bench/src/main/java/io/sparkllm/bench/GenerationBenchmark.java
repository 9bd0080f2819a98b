package io.sparkllm.bench;

import io.sparkllm.model.generate.CausalLm;
import io.sparkllm.model.generate.Generation;
import io.sparkllm.model.generate.Generator;
import io.sparkllm.model.generate.SamplingSettings;
import io.sparkllm.model.zoo.KvCacheDecoder;
import io.sparkllm.model.zoo.ModelGraphs;
import io.sparkllm.model.zoo.ModelSpec;
import io.sparkllm.model.zoo.RecomputingDecoder;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Greedy generation tokens/s of a model with the key/value cache against recomputing the whole
 * sequence through the graph every step, on the same model, prompt and token count, in one run.
 * Usage: GenerationBenchmark [preset=gpt-bench] [prompt-tokens=16] [new-tokens=112]
 */
public final class GenerationBenchmark {
    private GenerationBenchmark() {
    }

    public static void main(String[] args) {
        String preset = args.length > 0 ? args[0] : "gpt-bench";
        int promptTokens = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int newTokens = args.length > 2 ? Integer.parseInt(args[2]) : 112;
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ModelSpec spec = ModelSpec.fromPreset(preset);
        ComputationGraph graph = ModelGraphs.create(spec, 1, DataType.FLOAT);
        int[] prompt = new int[promptTokens];
        Arrays.setAll(prompt, i -> (i * 7919) % spec.vocabSize());
        // max-new-tokens is an upper bound: greedy decoding of random weights never stops early without stop tokens.
        SamplingSettings greedy = SamplingSettings.greedyDecoding().withMaxNewTokens(newTokens);
        CausalLm cached = new KvCacheDecoder(graph, spec);
        CausalLm recomputed = new RecomputingDecoder(graph);
        // Warm-up on both paths (JIT, ND4J kernels), then timed runs back to back.
        new Generator(cached).generate(prompt, greedy.withMaxNewTokens(8));
        new Generator(recomputed).generate(prompt, greedy.withMaxNewTokens(8));
        double withCache = tokensPerSecond(cached, prompt, greedy, "with cache");
        double without = tokensPerSecond(recomputed, prompt, greedy, "recomputing");
        System.out.printf("%s, %d prompt + %d new tokens, greedy, one sequence%n", preset, promptTokens, newTokens);
        System.out.printf("generate: %.1f tokens/s with the key/value cache (peer: recomputing %.1f tokens/s, ratio: %.2fx)%n",
                withCache, without, withCache / without);
    }

    private static double tokensPerSecond(CausalLm model, int[] prompt, SamplingSettings settings, String label) {
        long start = System.nanoTime();
        Generation g = new Generator(model).generate(prompt, settings);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-12s %d tokens in %.2f s%n", label, g.tokens().length, seconds);
        return g.tokens().length / seconds;
    }
}
