package io.sparkllm.bench;

import io.sparkllm.model.train.FusedAdam;
import io.sparkllm.model.zoo.GraphNames;
import io.sparkllm.model.zoo.ModelGraphs;
import io.sparkllm.model.zoo.ModelSpec;
import io.sparkllm.model.zoo.ParameterCount;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/run.sh train-step}, our side: training tokens/s of the gpt-bench preset (GPT, 4
 * layers, d=256, 4 heads, vocab 4096, T=128) as the model zoo builds it, float32, Adam, batch 16,
 * on random token ids that {@code bench/python/train_step.py} draws identically (splitmix64 from
 * one seed). Warm-up steps first (untimed), then enough timed steps to fill about {@code
 * --seconds} (or exactly {@code --steps}). Also measures ND4J's sgemm peak (2048² float gemm) and
 * the model FLOP utilisation against it. Prints {@code key=value} lines that
 * {@code bench/scripts/train-step.sh} reads.
 *
 * <p>Options: {@code --steps N}, {@code --seconds S} (default 40), {@code --warmup N} (default 5),
 * {@code --seed N}, {@code --workspaces enabled|none}, {@code --sgemm-only true} (the peak alone),
 * {@code --jfr FILE} (a Java Flight Recording, profile settings, of the timed steps only; read it
 * with {@code bench/python/jfr_breakdown.py}).
 */
public final class TrainStepBenchmark {
    static final int BATCH = 16;
    static final int TIME = 128;
    /** Distinct batches cycled through, so that the same step sees the same ids on both sides. */
    static final int POOL = 4;

    private TrainStepBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        long seed = Long.parseLong(opts.getOrDefault("seed", "42"));
        int warmup = Math.max(1, Integer.parseInt(opts.getOrDefault("warmup", "5")));
        double seconds = Double.parseDouble(opts.getOrDefault("seconds", "40"));
        int fixedSteps = Integer.parseInt(opts.getOrDefault("steps", "0"));
        String root = System.getenv().getOrDefault("SPARKLLM_ROOT", ".");
        ModelSpec spec = ModelSpec.fromFile(new File(opts.getOrDefault("preset", root + "/conf/model/gpt-bench.conf")));

        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Map<String, Object> env = new HashMap<>();
        Nd4j.getExecutioner().getEnvironmentInformation().forEach((k, v) -> env.put(String.valueOf(k), v));
        System.err.printf("nd4j: backend %s, blas %s, omp threads %s, blas threads %s%n", env.get("backend"),
                env.get("blas.vendor"), env.get("omp.threads"), env.get("blas.threads"));
        System.err.println("sparkllm: fused kernels " + io.sparkllm.model.kernels.Kernels.describe());

        double peak = sgemmPeak(2048, 5);
        if (opts.containsKey("sgemm-only")) {
            System.out.printf(Locale.ROOT, "sgemm_gflops=%.1f%n", peak);
            return;
        }

        ComputationGraphConfiguration conf = ModelGraphs.configuration(spec, seed, new FusedAdam(3e-4), DataType.FLOAT);
        if (opts.containsKey("workspaces")) {
            WorkspaceMode mode = WorkspaceMode.valueOf(opts.get("workspaces").toUpperCase(Locale.ROOT));
            conf.setTrainingWorkspaceMode(mode);
            conf.setInferenceWorkspaceMode(mode);
        }
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        // ComputationGraph.numParams() counts layers only; the token table and the embedding vertex hold parameters too.
        long params = net.params().length();
        if (params != ParameterCount.of(conf)) {
            throw new IllegalStateException("parameter count " + params + " != the configuration's " + ParameterCount.of(conf));
        }
        Map<String, Long> perVertex = ParameterCount.perVertex(conf);
        long tokenTable = (long) spec.vocabSize() * spec.dModel();
        long embedding = tokenTable + perVertex.getOrDefault(GraphNames.EMBED, 0L);
        long nonEmbedding = params - embedding;
        double flopsPerToken = flopsPerToken(nonEmbedding, tokenTable, spec);

        MultiDataSet[] batches = new MultiDataSet[POOL];
        for (int i = 0; i < POOL; i++) {
            batches[i] = batch(seed, i, spec.vocabSize());
        }
        double firstLoss = 0;
        double warmStep = 0;
        for (int s = 0; s < warmup; s++) {
            long t0 = System.nanoTime();
            net.fit(batches[s % POOL]);
            // The last warm-up step sizes the timed run: the first ones carry initialisation and JIT compilation.
            warmStep = (System.nanoTime() - t0) / 1e9;
            if (s == 0) {
                firstLoss = net.score() / TIME;
            }
        }
        int steps = fixedSteps > 0 ? fixedSteps : Math.max(3, (int) Math.round(seconds / warmStep));

        System.err.printf("sparkllm: %.2f s a warm-up step; timing %d steps%n", warmStep, steps);
        jdk.jfr.Recording recording = null;
        if (opts.containsKey("jfr")) {
            recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            recording.start();
        }
        String load0 = loadAverage();
        Map<String, Double> threads0 = ProcessThreadsCpu.byKind();
        double cpu0 = processCpuSeconds();
        long wall0 = System.nanoTime();
        // The step least slowed by other work on the machine.
        long fastest = Long.MAX_VALUE;
        for (int s = 0; s < steps; s++) {
            long s0 = System.nanoTime();
            net.fit(batches[(warmup + s) % POOL]);
            fastest = Math.min(fastest, System.nanoTime() - s0);
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = processCpuSeconds() - cpu0;
        Map<String, Double> threads = ProcessThreadsCpu.since(threads0);
        if (recording != null) {
            recording.stop();
            recording.dump(Path.of(opts.get("jfr")));
            recording.close();
        }
        String load1 = loadAverage();
        // The score sums the loss over the time steps and averages over the batch: per token it is score / TIME.
        double lastLoss = net.score() / TIME;

        // A peak measured on a shared machine is a floor: take the better of a measurement before and after the steps.
        peak = Math.max(peak, sgemmPeak(2048, 5));
        double tokensPerSecond = (double) BATCH * TIME * steps / wall;
        double mfu = flopsPerToken * tokensPerSecond / (peak * 1e9);
        System.err.printf("sparkllm: %d params (%d non-embedding), %.2f MFLOP per token; loss %.4f after the first step,"
                + " %.4f after the last%n", params, nonEmbedding, flopsPerToken / 1e6, firstLoss, lastLoss);
        System.err.printf("sparkllm: %d steps in %.2f s wall, %.2f CPU s (%.2f cores busy); CPU s by thread: %s;"
                + " load %s -> %s%n", steps, wall, cpu, cpu / wall, threads, load0, load1);
        System.out.printf(Locale.ROOT, "params=%d%n", params);
        System.out.printf(Locale.ROOT, "nonembedding_params=%d%n", nonEmbedding);
        System.out.printf(Locale.ROOT, "flops_per_token=%.0f%n", flopsPerToken);
        System.out.printf(Locale.ROOT, "steps=%d%n", steps);
        System.out.printf(Locale.ROOT, "wall_s=%.3f%n", wall);
        System.out.printf(Locale.ROOT, "cpu_s=%.3f%n", cpu);
        System.out.printf(Locale.ROOT, "tokens_per_s=%.1f%n", tokensPerSecond);
        System.out.printf(Locale.ROOT, "fastest_step_tokens_per_s=%.1f%n", BATCH * TIME / (fastest / 1e9));
        System.out.printf(Locale.ROOT, "tokens_per_cpu_s=%.1f%n", BATCH * TIME * steps / cpu);
        System.out.printf(Locale.ROOT, "sgemm_gflops=%.1f%n", peak);
        System.out.printf(Locale.ROOT, "mfu=%.4f%n", mfu);
        System.out.printf(Locale.ROOT, "loss_first=%.4f%n", firstLoss);
        System.out.printf(Locale.ROOT, "loss_last=%.4f%n", lastLoss);
        System.out.printf(Locale.ROOT, "load=%s -> %s%n", load0, load1);
    }

    /**
     * Training FLOPs per token, the usual accounting (Kaplan et al. 2020; PaLM's MFU):
     * 6·N for the forward and backward matmuls over N weights, plus 12·L·d·T for the attention
     * scores and the weighted sum (q·kᵀ and p·v, forward 2·2·d·T per layer, backward twice that,
     * over the full T×T square although causal masking could skip half). N is the non-embedding
     * parameter count (blocks, norms and biases) plus the tied head's V·d, which is a real
     * [tokens, d]×[d, V] matmul here; the token and position lookups cost no FLOPs.
     */
    static double flopsPerToken(long nonEmbedding, long headWeights, ModelSpec spec) {
        return 6.0 * (nonEmbedding + headWeights) + 12.0 * spec.layers() * spec.dModel() * TIME;
    }

    /**
     * Best of {@code reps} timed 2·n³-FLOP float matmuls into a preallocated result, in GFLOP/s,
     * through {@code Nd4j.gemm} as the layers call it ({@code INDArray.mmul} measured 10-20% lower).
     */
    static double sgemmPeak(int n, int reps) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.createUninitialized(DataType.FLOAT, n, n);
        for (int i = 0; i < 2; i++) {
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        double gflops = 2.0 * n * n * n / best / 1e9;
        System.err.printf("sparkllm: ND4J sgemm %d² best of %d: %.3f s, %.1f GFLOP/s%n", n, reps, best, gflops);
        return gflops;
    }

    /** splitmix64: the generator both sides share, so that they train on the same ids. */
    static long splitmix64(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Batch {@code index}: BATCH sequences of TIME + 1 ids; inputs are the first TIME, labels the last TIME. */
    static MultiDataSet batch(long seed, int index, int vocab) {
        float[] inputs = new float[BATCH * TIME];
        float[] labels = new float[BATCH * TIME];
        for (int b = 0; b < BATCH; b++) {
            long[] ids = new long[TIME + 1];
            for (int t = 0; t <= TIME; t++) {
                long n = ((long) index * BATCH + b) * (TIME + 1) + t;
                ids[t] = Long.remainderUnsigned(splitmix64(seed * 1_000_003L + n), vocab);
            }
            for (int t = 0; t < TIME; t++) {
                inputs[b * TIME + t] = ids[t];
                labels[b * TIME + t] = ids[t + 1];
            }
        }
        INDArray x = Nd4j.createFromArray(inputs).reshape(BATCH, 1, TIME);
        INDArray y = Nd4j.createFromArray(labels).reshape(BATCH, 1, TIME);
        return new MultiDataSet(new INDArray[] {x}, new INDArray[] {y});
    }

    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: TrainStepBenchmark [--steps N] [--seconds S] [--warmup N]"
                        + " [--seed N] [--workspaces enabled|none] [--jfr FILE] [--preset FILE]; got " + args[i]);
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }
}
