package io.sparkllm.jobs.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.model.checkpoint.SavedModels;
import io.sparkllm.model.zoo.ModelSpec;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.Optional;

/**
 * Training checkpoints on any Hadoop filesystem: {@code step-NNNNNNNNN/} holding the model with
 * its updater state ({@link SavedModels}) and {@code state.json}. A checkpoint is written under a
 * {@code .partial} name and renamed when complete, so a run killed while writing one leaves
 * nothing a resume would pick up.
 */
final class TrainingCheckpoints {
    private static final String STATE = "state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final FileSystem fs;

    TrainingCheckpoints(String dir, Configuration hadoop) throws IOException {
        this.dir = new Path(dir);
        this.fs = this.dir.getFileSystem(hadoop);
    }

    Path dir() {
        return dir;
    }

    void clear() throws IOException {
        fs.delete(dir, true);
    }

    /** The training data's scratch copy (rounds per epoch) lives beside the checkpoints. */
    String epochData(int epoch) {
        return new Path(dir, "data/epoch=" + epoch).toString();
    }

    void write(ComputationGraph graph, ModelSpec spec, TrainingState state) throws IOException {
        String name = String.format("step-%09d", state.step);
        java.nio.file.Path local = Files.createTempDirectory("sparkllm-checkpoint-");
        try {
            SavedModels.save(graph, spec, local);
            Files.write(local.resolve(STATE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
            Path partial = new Path(dir, name + ".partial");
            fs.delete(partial, true);
            fs.mkdirs(partial);
            for (String file : new String[] {SavedModels.SPEC, SavedModels.GRAPH, STATE}) {
                fs.copyFromLocalFile(false, true, new Path(local.resolve(file).toUri()), new Path(partial, file));
            }
            Path complete = new Path(dir, name);
            fs.delete(complete, true);
            if (!fs.rename(partial, complete)) {
                throw new IOException("cannot rename " + partial + " to " + complete);
            }
        } finally {
            deleteLocal(local);
        }
    }

    /** The newest complete checkpoint, if any. */
    Optional<Path> latest() throws IOException {
        if (!fs.exists(dir)) {
            return Optional.empty();
        }
        return java.util.Arrays.stream(fs.listStatus(dir)).filter(FileStatus::isDirectory).map(FileStatus::getPath)
                .filter(p -> p.getName().matches("step-\\d{9}")).max(Comparator.comparing(Path::getName));
    }

    record Restored(SavedModels.Loaded model, TrainingState state) {
    }

    Restored restore(Path checkpoint) throws IOException {
        java.nio.file.Path local = Files.createTempDirectory("sparkllm-resume-");
        try {
            for (String file : new String[] {SavedModels.SPEC, SavedModels.GRAPH, STATE}) {
                fs.copyToLocalFile(false, new Path(checkpoint, file), new Path(local.resolve(file).toUri()), true);
            }
            TrainingState state = JSON.readValue(local.resolve(STATE).toFile(), TrainingState.class);
            return new Restored(SavedModels.load(local, DataType.FLOAT), state);
        } finally {
            deleteLocal(local);
        }
    }

    static void deleteLocal(java.nio.file.Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
