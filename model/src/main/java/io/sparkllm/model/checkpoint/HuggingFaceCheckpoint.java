package io.sparkllm.model.checkpoint;

import io.sparkllm.model.zoo.ModelGraphs;
import io.sparkllm.model.zoo.ModelSpec;
import io.sparkllm.model.zoo.ParameterCount;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Hugging Face checkpoints (a directory with {@code config.json} and {@code model.safetensors},
 * or safetensors shards with their {@code model.safetensors.index.json}) in and out of the zoo's
 * graphs, for gpt2, bloom, llama and bert. Loading checks the checkpoint against the graph the
 * config describes before it is used: every stored tensor must fill graph parameters (or be a
 * known buffer, or a tied copy equal to what it repeats), every graph parameter must be filled,
 * and every shape must fit; each failure is one line naming the tensor or parameter. Exporting
 * writes the Hugging Face names and layouts (tied weights once) and a matching config.
 */
public final class HuggingFaceCheckpoint {
    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = SafetensorsShards.SINGLE;

    /** A model read from a checkpoint: the spec its config gives and the graph holding its weights. */
    public record Loaded(ModelSpec spec, ComputationGraph graph) {
    }

    private HuggingFaceCheckpoint() {
    }

    /**
     * Builds the graph {@code dir/config.json} describes, in {@code dataType}, and fills it with the
     * checkpoint's weights. Dropout takes the config's rates (it acts in training only).
     */
    public static Loaded load(Path dir, DataType dataType) throws IOException {
        ModelSpec spec = HuggingFaceConfig.read(dir.resolve(CONFIG));
        ComputationGraph graph = ModelGraphs.create(spec, 0, dataType);
        loadInto(dir, graph, spec);
        return new Loaded(spec, graph);
    }

    /** Fills a graph built from {@code spec} with the checkpoint's weights, after checking that they fit it. */
    public static void loadInto(Path dir, ComputationGraph graph, ModelSpec spec) throws IOException {
        HuggingFaceMapping mapping = HuggingFaceMapping.of(spec);
        try (SafetensorsShards tensors = SafetensorsShards.open(dir)) {
            fill(graph, mapping, tensors);
        }
    }

    /** Writes the graph's weights as stored in its own data type, and the config, into {@code dir}. */
    public static void export(ComputationGraph graph, ModelSpec spec, Path dir) throws IOException {
        export(graph, spec, dir, SafetensorsType.of(graph.params().dataType()));
    }

    /** Writes {@code model.safetensors} (weights stored as {@code storeAs}) and {@code config.json} into {@code dir}. */
    public static void export(ComputationGraph graph, ModelSpec spec, Path dir, SafetensorsType storeAs) throws IOException {
        String torchDtype = switch (storeAs) {
            case F64 -> "float64";
            case F32 -> "float32";
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            default -> throw new IllegalArgumentException("weights can't be stored as " + storeAs);
        };
        HuggingFaceMapping mapping = HuggingFaceMapping.of(spec);
        // Refuses, before anything is written, a spec no Hugging Face config can describe.
        HuggingFaceConfig.toMap(spec, torchDtype);
        checkGraphFitsSpec(graph, spec);
        SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
        huggingFaceTensors(graph, mapping).forEach((name, tensor) -> writer.put(name, tensor, storeAs));
        Files.createDirectories(dir);
        writer.write(dir.resolve(WEIGHTS));
        HuggingFaceConfig.write(spec, torchDtype, dir.resolve(CONFIG));
    }

    /** The graph's weights under their Hugging Face names and layouts, sorted by name as safetensors files are. */
    static Map<String, INDArray> huggingFaceTensors(ComputationGraph graph, HuggingFaceMapping mapping) {
        Map<String, INDArray> out = new TreeMap<>();
        for (TensorMapping t : mapping.tensors()) {
            out.put(t.name(), t.layout().join(t.parts().stream().map(p -> p.in(graph)).toList()));
        }
        return out;
    }

    /** Copies every tensor into the graph, after checking names and shapes; see the class comment. */
    static void fill(ComputationGraph graph, HuggingFaceMapping mapping, SafetensorsShards tensors) throws IOException {
        String where = tensors.where();
        Map<String, String> stored = new LinkedHashMap<>();
        for (String name : tensors.names()) {
            String full = mapping.fullName(name);
            String earlier = stored.put(full, name);
            if (earlier != null) {
                throw new CheckpointFormatException(where + ": tensors '" + earlier + "' and '" + name
                        + "' both stand for '" + full + "'");
            }
        }
        Map<String, String> used = new LinkedHashMap<>();
        Set<GraphParameter> filled = new HashSet<>();
        for (TensorMapping t : mapping.tensors()) {
            String name = stored.remove(t.name());
            if (name == null) {
                throw new CheckpointFormatException(where + ": missing tensor '" + t.name() + "' (for graph parameters "
                        + t.parts() + ")");
            }
            used.put(t.name(), name);
            long[] expected = t.shape(graph);
            long[] actual = tensors.shape(name);
            if (!Arrays.equals(expected, actual)) {
                throw new CheckpointFormatException(where + ": tensor '" + name + "' has shape " + Arrays.toString(actual)
                        + ", expected " + Arrays.toString(expected) + " for graph parameters " + t.parts());
            }
            List<long[]> shapes = t.parts().stream().map(p -> p.in(graph).shape()).toList();
            List<INDArray> values = t.layout().split(tensors.tensor(name), shapes);
            for (int i = 0; i < values.size(); i++) {
                INDArray parameter = t.parts().get(i).in(graph);
                parameter.assign(values.get(i).castTo(parameter.dataType()));
                filled.add(t.parts().get(i));
            }
        }
        for (Map.Entry<String, String> tie : mapping.tiedCopies().entrySet()) {
            String copy = stored.remove(tie.getKey());
            if (copy != null) {
                String original = used.get(tie.getValue());
                INDArray a = tensors.tensor(copy);
                INDArray b = tensors.tensor(original);
                if (!Arrays.equals(a.shape(), b.shape()) || a.neq(b).any()) {
                    throw new CheckpointFormatException(where + ": tensor '" + copy + "' differs from '" + original
                            + "', which the config says it repeats (tied weights)");
                }
            }
        }
        stored.keySet().removeIf(mapping::isBuffer);
        if (!stored.isEmpty()) {
            String first = stored.values().iterator().next();
            throw new CheckpointFormatException(where + ": tensor '" + first + "' has no place in a "
                    + mapping.spec.family().key() + " model of this config"
                    + (stored.size() > 1 ? " (nor have " + (stored.size() - 1) + " more)" : ""));
        }
        for (GraphParameter p : GraphParameter.all(graph)) {
            if (!filled.contains(p)) {
                throw new CheckpointFormatException(where + ": no tensor fills graph parameter " + p);
            }
        }
    }

    /** A graph built from another spec would be written under a config that doesn't describe it. */
    private static void checkGraphFitsSpec(ComputationGraph graph, ModelSpec spec) {
        Map<String, Long> expected = ParameterCount.perVertex(ModelGraphs.configuration(spec, 0));
        for (GraphVertex v : graph.getVertices()) {
            long n = v.numParams();
            if (n != expected.getOrDefault(v.getVertexName(), 0L)) {
                throw new CheckpointFormatException("the graph does not fit the spec: vertex " + v.getVertexName() + " has "
                        + n + " parameters, the spec gives " + expected.getOrDefault(v.getVertexName(), 0L));
            }
        }
        if (!expected.keySet().stream().allMatch(name -> graph.getVertex(name) != null)) {
            throw new CheckpointFormatException("the graph does not fit the spec: it lacks vertices the spec has");
        }
    }
}
