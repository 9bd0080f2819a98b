package io.sparkllm.model.checkpoint;

import io.sparkllm.model.zoo.GraphNames;
import io.sparkllm.model.zoo.Logits;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The PyTorch reference checkpoints under {@code checkpoints/} (see its README): their inputs, our
 * graph's outputs on them, and how far those lie from PyTorch's at the real (unpadded) positions.
 */
final class HuggingFaceFixtures {
    private HuggingFaceFixtures() {
    }

    static Path dir(String family) {
        try {
            return Path.of(HuggingFaceFixtures.class.getResource("/checkpoints/" + family).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, INDArray> tensors(Path file) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            return f.all();
        }
    }

    static Map<String, INDArray> reference(String family) throws IOException {
        return tensors(dir(family).resolve("reference.safetensors"));
    }

    /** A copy of a fixture's checkpoint with its tensors edited, in {@code into}. */
    static Path edited(String family, Path into, Consumer<Map<String, INDArray>> edit) throws IOException {
        Map<String, INDArray> tensors = new LinkedHashMap<>(tensors(dir(family).resolve("model.safetensors")));
        edit.accept(tensors);
        SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
        tensors.forEach(writer::put);
        Files.createDirectories(into);
        writer.write(into.resolve("model.safetensors"));
        Files.copy(dir(family).resolve("config.json"), into.resolve("config.json"));
        return into;
    }

    /** The graph's activations on the reference batch, with its padding mask; BERT gets the token types too. */
    static Map<String, INDArray> forward(ComputationGraph net, Map<String, INDArray> reference) {
        DataType type = net.params().dataType();
        INDArray ids = reference.get("input_ids");
        long batch = ids.size(0);
        long time = ids.size(1);
        INDArray mask = reference.get("attention_mask").castTo(type);
        INDArray tokens = ids.castTo(type).reshape(batch, 1, time);
        boolean segments = reference.containsKey("token_type_ids");
        INDArray[] inputs = segments
                ? new INDArray[] {tokens, reference.get("token_type_ids").castTo(type).reshape(batch, 1, time)}
                : new INDArray[] {tokens};
        net.setLayerMaskArrays(segments ? new INDArray[] {mask, mask} : new INDArray[] {mask}, null);
        try {
            Map<String, INDArray> out = new LinkedHashMap<>();
            net.feedForward(inputs, false).forEach((name, a) -> out.put(name, a.dup()));
            return out;
        } finally {
            net.clearLayerMaskArrays();
        }
    }

    /** Logits [batch, time, vocab], as PyTorch lays them out. */
    static INDArray logits(Map<String, INDArray> activations, INDArray attentionMask) {
        return Logits.of(activations, attentionMask.size(0));
    }

    /** BERT's next-sentence logits: the pooler's output through the NSP layer's W and b, before its softmax. */
    static INDArray nextSentenceLogits(ComputationGraph net, Map<String, INDArray> activations) {
        Map<String, INDArray> nsp = net.getVertex(GraphNames.NSP).paramTable(false);
        return activations.get(GraphNames.POOLER).mmul(nsp.get("W")).addRowVector(nsp.get("b"));
    }

    /** The largest |ours - expected| over the positions the attention mask marks real. */
    static double maxDifference(INDArray ours, INDArray expected, INDArray attentionMask) {
        double max = 0;
        for (int b = 0; b < attentionMask.size(0); b++) {
            for (int t = 0; t < attentionMask.size(1); t++) {
                if (attentionMask.getDouble(b, t) == 0) {
                    continue;
                }
                INDArray a = ours.get(NDArrayIndex.point(b), NDArrayIndex.point(t), NDArrayIndex.all()).castTo(DataType.DOUBLE);
                INDArray e = expected.get(NDArrayIndex.point(b), NDArrayIndex.point(t), NDArrayIndex.all()).castTo(DataType.DOUBLE);
                max = Math.max(max, a.sub(e).amaxNumber().doubleValue());
            }
        }
        return max;
    }

    /** The largest difference of the model's outputs from PyTorch's: logits at real positions and, for BERT, NSP logits. */
    static double maxDifferenceFromPyTorch(ComputationGraph net, Map<String, INDArray> reference) {
        Map<String, INDArray> activations = forward(net, reference);
        INDArray mask = reference.get("attention_mask");
        if (!reference.containsKey("token_type_ids")) {
            return maxDifference(logits(activations, mask), reference.get("logits"), mask);
        }
        double mlm = maxDifference(logits(activations, mask), reference.get("prediction_logits"), mask);
        INDArray nsp = nextSentenceLogits(net, activations).castTo(DataType.DOUBLE);
        double next = nsp.sub(reference.get("seq_relationship_logits").castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        return Math.max(mlm, next);
    }
}
