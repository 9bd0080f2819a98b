package io.sparkllm.model.checkpoint;

import com.typesafe.config.ConfigFactory;
import io.sparkllm.model.zoo.ModelSpec;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A model directory, in either of the two forms sparkllm reads: its own ({@code model.conf}, the
 * spec as a preset, and {@code model.zip}, DL4J's ModelSerializer archive with the updater state)
 * or a Hugging Face checkpoint ({@code config.json} and safetensors).
 */
public final class SavedModels {
    public static final String SPEC = "model.conf";
    public static final String GRAPH = "model.zip";

    private SavedModels() {
    }

    /** A model and what it is. */
    public record Loaded(ModelSpec spec, ComputationGraph graph) {
    }

    public static Loaded load(Path dir, DataType dataType) throws IOException {
        if (Files.isRegularFile(dir.resolve(SPEC)) && Files.isRegularFile(dir.resolve(GRAPH))) {
            ModelSpec spec = ModelSpec.fromConfig(ConfigFactory.parseFile(dir.resolve(SPEC).toFile()).resolve());
            ComputationGraph graph = ModelSerializer.restoreComputationGraph(dir.resolve(GRAPH).toFile(), true);
            return new Loaded(spec, dataType == graph.getConfiguration().getDataType() ? graph : graph.convertDataType(dataType));
        }
        if (Files.isRegularFile(dir.resolve("config.json"))) {
            HuggingFaceCheckpoint.Loaded hf = HuggingFaceCheckpoint.load(dir, dataType);
            return new Loaded(hf.spec(), hf.graph());
        }
        throw new CheckpointFormatException(dir + ": not a model directory (no " + SPEC + " + " + GRAPH
                + ", no Hugging Face config.json)");
    }

    /** Writes the spec and the graph with its updater state; each file appears whole or not at all. */
    public static void save(ComputationGraph graph, ModelSpec spec, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path graphPart = dir.resolve(GRAPH + ".partial");
        ModelSerializer.writeModel(graph, graphPart.toFile(), true);
        Path specPart = dir.resolve(SPEC + ".partial");
        Files.writeString(specPart, spec.toHocon(), StandardCharsets.UTF_8);
        Files.move(graphPart, dir.resolve(GRAPH), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.move(specPart, dir.resolve(SPEC), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
