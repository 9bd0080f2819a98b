package io.sparkllm.bench;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Wall time of every op that the SameDiff layers of a ComputationGraph execute, by layer type,
 * pass and op type. A listener on each layer's private SameDiff instance (DL4J keeps it in a
 * protected field and builds it on the first forward pass, so attach after one step). The
 * "forward" pass is the layer's activate(); "backward" is its backpropGradient(), which in DL4J
 * M2.1 runs the forward ops again before the gradient ops (those are the ops without "_bp").
 */
final class SameDiffOpTimes extends BaseListener {
    /** Accumulated time of one (layer, pass, op) key. */
    static final class Entry {
        long calls;
        long nanos;
        double flops;
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<SameDiff, String> layerOf = new HashMap<>();
    private long start;

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    /** Adds this listener to every SameDiff layer of the graph; returns how many it found. */
    int attach(ComputationGraph net) throws ReflectiveOperationException {
        Field field = org.deeplearning4j.nn.layers.samediff.SameDiffLayer.class.getDeclaredField("sameDiff");
        field.setAccessible(true);
        int n = 0;
        for (Layer layer : net.getLayers()) {
            if (layer instanceof org.deeplearning4j.nn.layers.samediff.SameDiffLayer) {
                SameDiff sd = (SameDiff) field.get(layer);
                if (sd != null) {
                    sd.addListeners(this);
                    String kind = layer.conf().getLayer().getClass().getSimpleName();
                    layerOf.put(sd, kind);
                    // The gradient ops live in a second instance, built on the first backward pass.
                    SameDiff grad = sd.getFunction("grad");
                    if (grad != null) {
                        layerOf.put(grad, kind);
                    }
                    n++;
                }
            }
        }
        return n;
    }

    void detach(ComputationGraph net) throws ReflectiveOperationException {
        Field field = org.deeplearning4j.nn.layers.samediff.SameDiffLayer.class.getDeclaredField("sameDiff");
        field.setAccessible(true);
        for (Layer layer : net.getLayers()) {
            if (layer instanceof org.deeplearning4j.nn.layers.samediff.SameDiffLayer) {
                SameDiff sd = (SameDiff) field.get(layer);
                if (sd != null) {
                    sd.getListeners().remove(this);
                }
            }
        }
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        start = System.nanoTime();
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext, INDArray[] outputs) {
        long nanos = System.nanoTime() - start;
        String type = op.getOp().opName();
        if (type.startsWith("matmul") && opContext != null) {
            StringBuilder shapes = new StringBuilder(type);
            for (INDArray in : opContext.getInputArrays()) {
                shapes.append(' ').append(java.util.Arrays.toString(in.shape()).replace(" ", "")).append(in.ordering())
                        .append(in.isView() ? "v" : "");
            }
            type = shapes.toString();
        }
        String pass = at.operation() == Operation.INFERENCE ? "forward" : "backward";
        Entry e = entries.computeIfAbsent(layerOf.getOrDefault(sd, "?") + "\t" + pass + "\t" + type, k -> new Entry());
        e.calls++;
        e.nanos += nanos;
        if (type.startsWith("matmul ") && opContext != null && outputs.length > 0) {
            List<INDArray> in = opContext.getInputArrays();
            if (!in.isEmpty()) {
                // 2·(output elements)·(inner size), the inner size read off the first operand's last axis.
                e.flops += 2.0 * outputs[0].length() * in.get(0).size(in.get(0).rank() - 1);
            }
        }
    }

    static String category(String type) {
        if (type.startsWith("matmul_bp [16")) {
            return "batched matmul backward (attention)";
        }
        if (type.startsWith("matmul [16")) {
            return "batched matmul (attention)";
        }
        if (type.startsWith("matmul_bp")) {
            return "matmul backward (2D)";
        }
        if (type.startsWith("matmul")) {
            return "matmul (2D)";
        }
        if (type.endsWith("_bp") && !type.startsWith("softmax") && !type.startsWith("reduce")) {
            return "broadcast elementwise backward (*_bp)";
        }
        if (type.startsWith("permute") || type.startsWith("reshape") || type.startsWith("concat") || type.equals("shape_of")
                || type.equals("gather")) {
            return "layout (permute, reshape, concat, shape)";
        }
        if (type.startsWith("softmax")) {
            return "softmax and its backward";
        }
        if (type.startsWith("reduce")) {
            return "reductions";
        }
        return "elementwise";
    }

    void reset() {
        entries.clear();
    }

    /** Prints the table, per step, largest first, with each key's share of {@code stepSeconds}. */
    void print(int steps, double stepSeconds) {
        List<Map.Entry<String, Entry>> rows = new ArrayList<>(entries.entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue().nanos, a.getValue().nanos));
        double total = 0;
        Map<String, Double> byPass = new HashMap<>();
        Map<String, Double> byType = new HashMap<>();
        for (Map.Entry<String, Entry> r : rows) {
            double ms = r.getValue().nanos / 1e6 / steps;
            total += ms;
            String[] k = r.getKey().split("\t");
            byPass.merge(k[0] + " " + k[1], ms, Double::sum);
            byType.merge(k[2], ms, Double::sum);
        }
        double stepMs = stepSeconds * 1e3;
        System.err.printf(Locale.ROOT, "SameDiff layer ops: %.0f ms of a %.0f ms step (%.1f%%); the rest is the NdVertex layers"
                + " (embedding, LM head), the loss layer, the updater and DL4J's own work%n", total, stepMs, 100 * total / stepMs);
        System.err.println("by layer and pass:");
        byPass.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).forEach(e ->
                System.err.printf(Locale.ROOT, "  %-28s %8.1f ms %5.1f%%%n", e.getKey(), e.getValue(), 100 * e.getValue() / stepMs));
        Map<String, Double> byCategory = new HashMap<>();
        double recomputed = 0;
        for (Map.Entry<String, Entry> r : rows) {
            String[] k = r.getKey().split("\t");
            double ms = r.getValue().nanos / 1e6 / steps;
            byCategory.merge(category(k[2]), ms, Double::sum);
            if (k[1].equals("backward")) {
                // The forward ops DL4J runs again inside backpropGradient: as long as the forward pass's own.
                Entry forward = entries.get(k[0] + "\tforward\t" + k[2]);
                if (forward != null) {
                    recomputed += Math.min(ms, forward.nanos / 1e6 / steps);
                }
            }
        }
        System.err.println("by kind of op:");
        byCategory.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).forEach(e ->
                System.err.printf(Locale.ROOT, "  %-40s %8.1f ms %5.1f%%%n", e.getKey(), e.getValue(), 100 * e.getValue() / stepMs));
        System.err.printf(Locale.ROOT, "forward ops run again in the backward pass: about %.1f ms (%.1f%%)%n", recomputed,
                100 * recomputed / stepMs);
        System.err.println("by op type:");
        byType.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(20).forEach(e ->
                System.err.printf(Locale.ROOT, "  %-28s %8.1f ms %5.1f%%%n", e.getKey(), e.getValue(), 100 * e.getValue() / stepMs));
        System.err.printf("%-16s %-9s %-48s %9s %10s %7s %9s%n", "layer", "pass", "op", "calls", "ms/step", "share", "GFLOP/s");
        for (Map.Entry<String, Entry> r : rows.subList(0, Math.min(40, rows.size()))) {
            String[] k = r.getKey().split("\t");
            Entry e = r.getValue();
            double ms = e.nanos / 1e6 / steps;
            String rate = e.flops > 0 ? String.format(Locale.ROOT, "%.1f", e.flops / (e.nanos / 1e9) / 1e9) : "";
            System.err.printf(Locale.ROOT, "%-16s %-9s %-48s %9.1f %10.1f %6.1f%% %9s%n", k[0], k[1], k[2],
                    (double) e.calls / steps, ms, 100 * ms / stepMs, rate);
        }
    }
}
