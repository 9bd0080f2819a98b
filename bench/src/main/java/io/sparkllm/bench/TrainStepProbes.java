package io.sparkllm.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code bench/run.sh train-step-probes}: the ND4J kernels behind the slow parts of our GPT
 * training step (found by timing each op when its layers were SameDiff layers), each beside the
 * alternative that ND4J offers for the same result, at the gpt-bench shapes (batch 16, T=128,
 * d=256, 4 heads, vocab 4096). The variants of one group run in turns (A B C A B C ...) and each
 * keeps its fastest run, so that a burst of load from other work on the machine hits all alike.
 */
public final class TrainStepProbes {
    private static final int B = 16;
    private static final int T = 128;
    private static final int D = 256;
    private static final int H = 4;
    private static final int HS = D / H;
    private static final int V = 4096;
    private static final int ROUNDS = 20;

    private TrainStepProbes() {
    }

    /** Variants of one computation, timed in turns. */
    private static final class Group {
        private final List<String> names = new ArrayList<>();
        private final List<Double> flops = new ArrayList<>();
        private final List<Supplier<INDArray>> runs = new ArrayList<>();

        Group(String title) {
            System.out.println("-- " + title);
        }

        Group add(String name, double flop, Supplier<INDArray> run) {
            names.add(name);
            flops.add(flop);
            runs.add(run);
            return this;
        }

        /** Fastest seconds of each variant, in the order added; prints them. */
        double[] run() {
            int n = runs.size();
            double[] best = new double[n];
            java.util.Arrays.fill(best, Double.MAX_VALUE);
            for (int round = -3; round < ROUNDS; round++) {
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    runs.get(i).get();
                    double s = (System.nanoTime() - t0) / 1e9;
                    if (round >= 0) {
                        best[i] = Math.min(best[i], s);
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                double f = flops.get(i);
                System.out.printf(Locale.ROOT, "  %-66s %8.2f ms%s%n", names.get(i), best[i] * 1e3,
                        f > 0 ? String.format(Locale.ROOT, " %7.1f GFLOP/s", f / best[i] / 1e9) : "");
            }
            return best;
        }
    }

    public static void main(String[] args) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getRandom().setSeed(7);

        double scoresFlops = 2.0 * B * H * T * T * HS;
        INDArray q = Nd4j.rand(DataType.FLOAT, B, H, T, HS);
        INDArray k = Nd4j.rand(DataType.FLOAT, B, H, T, HS);
        INDArray kT = k.permute(0, 1, 3, 2).dup('c');
        INDArray q3 = q.reshape(B * H, T, HS);
        INDArray k3 = k.reshape(B * H, T, HS);
        INDArray kT3 = kT.reshape(B * H, HS, T);
        INDArray out3 = Nd4j.createUninitialized(DataType.FLOAT, B * H, T, T);
        double[] scores = new Group("attention scores q·kᵀ, [16,4,128,64] x [16,4,64,128] (what SelfAttention runs)")
                .add("matmul rank 4, kᵀ materialised (as now)", scoresFlops, () -> Nd4j.matmul(q, kT))
                .add("matmul rank 3 [64,128,64] x [64,64,128]", scoresFlops, () -> Nd4j.matmul(q3, kT3))
                .add("matmul rank 4 with transposeB, k as is", scoresFlops, () -> Nd4j.matmul(q, k, null, false, true, false))
                .add("64 x Nd4j.gemm(q_i, k_i, transB) into views", scoresFlops, () -> {
                    for (int i = 0; i < B * H; i++) {
                        Nd4j.gemm(q3.slice(i), k3.slice(i), out3.slice(i), false, true, 1.0, 0.0);
                    }
                    return out3;
                }).run();

        INDArray x = Nd4j.rand(DataType.FLOAT, B * T, 4 * D);
        INDArray w = Nd4j.rand(DataType.FLOAT, 4 * D, D);
        INDArray dy = Nd4j.rand(DataType.FLOAT, B * T, D);
        INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, B * T, 4 * D);
        INDArray dw = Nd4j.createUninitialized(DataType.FLOAT, 4 * D, D);
        double denseFlops = 2.0 * B * T * 4 * D * D;
        double[] dense = new Group("dense layer [2048,1024] x [1024,256] (the MLP down projection), forward and backward")
                .add("forward x·W (mmul)", denseFlops, () -> x.mmul(w))
                .add("backward: the matmul_bp op (what SameDiff runs)", 2 * denseFlops, () -> {
                    Nd4j.exec(DynamicCustomOp.builder("matmul_bp").addInputs(x, w, dy).addOutputs(dx, dw).build());
                    return dx;
                })
                .add("backward: two Nd4j.gemm with transpose flags", 2 * denseFlops, () -> {
                    Nd4j.gemm(dy, w, dx, false, true, 1.0, 0.0);
                    Nd4j.gemm(x, dy, dw, true, false, 1.0, 0.0);
                    return dx;
                }).run();

        INDArray steps = Nd4j.rand(DataType.FLOAT, B, D, T);
        INDArray rows = Nd4j.rand(DataType.FLOAT, B * T, D);
        INDArray gain3 = Nd4j.rand(DataType.FLOAT, 1, D, 1);
        INDArray gain2 = Nd4j.rand(DataType.FLOAT, 1, D);
        INDArray g3 = Nd4j.createUninitialized(DataType.FLOAT, B, D, T);
        INDArray gg3 = Nd4j.createUninitialized(DataType.FLOAT, 1, D, 1);
        INDArray g2 = Nd4j.createUninitialized(DataType.FLOAT, B * T, D);
        INDArray gg2 = Nd4j.createUninitialized(DataType.FLOAT, 1, D);
        double[] layout = new Group("layouts: [batch, d, time] (DL4J's recurrent layout, as now) against rows [batch*time, d]")
                .add("permute(0,2,1).dup of [16,256,128] (each layer does several)", 0, () -> steps.permute(0, 2, 1).dup('c'))
                .add("LayerNorm mean over d in [16,256,128]", 0, () -> steps.mean(true, 1))
                .add("LayerNorm mean over d in rows [2048,256]", 0, () -> rows.mean(true, 1))
                .add("multiply_bp x·gain, gain [1,256,1] on [16,256,128] (as now)", 0, () -> {
                    Nd4j.exec(DynamicCustomOp.builder("multiply_bp").addInputs(steps, gain3, steps).addOutputs(g3, gg3).build());
                    return g3;
                })
                .add("multiply_bp x·gain, gain [1,256] on rows [2048,256]", 0, () -> {
                    Nd4j.exec(DynamicCustomOp.builder("multiply_bp").addInputs(rows, gain2, rows).addOutputs(g2, gg2).build());
                    return g2;
                })
                .add("the same two gradients by hand on rows: eps·gain, sum(eps·x, 0)", 0, () -> {
                    g2.assign(rows.mulRowVector(gain2));
                    gg2.assign(rows.mul(rows).sum(true, 0));
                    return g2;
                }).run();

        INDArray logits3 = Nd4j.rand(DataType.FLOAT, B, V, T);
        INDArray logits2 = Nd4j.rand(DataType.FLOAT, B * T, V);
        INDArray labels = Nd4j.createFromArray(new int[B * T]);
        double[] loss = new Group("LM head and loss on [16,4096,128] logits")
                .add("permute(0,2,1).dup of the logits (head and loss do it 4-5 times)", 0,
                        () -> logits3.permute(0, 2, 1).dup('c'))
                .add("softmax over the vocabulary in [16,4096,128] (dimension 1, as now)", 0,
                        () -> Nd4j.exec(new SoftMax(logits3, logits3.ulike(), 1))[0])
                .add("softmax over the vocabulary in rows [2048,4096]", 0,
                        () -> Nd4j.exec(new SoftMax(logits2, logits2.ulike(), 1))[0])
                .add("onehot [2048] -> [2048,4096] (LossSparseMCXENT)", 0,
                        () -> Nd4j.exec(DynamicCustomOp.builder("onehot").addInputs(labels).addIntegerArguments(-1, V)
                                .addFloatingPointArguments(1.0, 0.0)
                                .addOutputs(Nd4j.createUninitialized(DataType.FLOAT, B * T, V)).build())[0])
                .run();

        System.out.println();
        System.out.printf(Locale.ROOT, "attention scores: rank-4 matmul with transposeB %.2fx, rank 3 %.2fx, per-head gemm loop %.2fx"
                + " the speed of the rank-4 matmul on a materialised kᵀ%n", scores[0] / scores[2], scores[0] / scores[1],
                scores[0] / scores[3]);
        System.out.printf(Locale.ROOT, "dense backward: two gemms %.2fx the speed of matmul_bp (forward %.1f GFLOP/s)%n",
                dense[1] / dense[2], denseFlops / dense[0] / 1e9);
        System.out.printf(Locale.ROOT, "rows layout: LayerNorm mean %.2fx, multiply_bp %.2fx the speed; a permute copy costs %.2f ms;"
                + " multiply_bp's two gradients by hand %.2fx the speed%n", layout[1] / layout[2], layout[3] / layout[4],
                layout[0] * 1e3, layout[4] / layout[5]);
        System.out.printf(Locale.ROOT, "loss: softmax on rows %.2fx the speed of softmax on [b,V,t]; a logits permute copy %.1f ms,"
                + " onehot %.1f ms%n", loss[1] / loss[2], loss[0] * 1e3, loss[3] * 1e3);
        // Headline: the broadcast backward ops (*_bp) were the largest kind in the SameDiff layers' profile.
        System.out.printf(Locale.ROOT, "train-step-probes: LayerNorm gain multiply_bp %.2f ms (by hand on rows: %.2f, ratio: %.2fx)%n",
                layout[3] * 1e3, layout[5] * 1e3, layout[5] / layout[3]);
    }
}
