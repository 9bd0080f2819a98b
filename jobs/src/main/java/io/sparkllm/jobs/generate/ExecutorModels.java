package io.sparkllm.jobs.generate;

import io.sparkllm.model.checkpoint.SavedModels;
import io.sparkllm.model.zoo.KvCacheDecoder;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One model per executor JVM, loaded on first use and shared by its tasks (decoding sessions hold
 * their own caches; the weights are only read). A model on a cluster filesystem is copied to a
 * local directory first, since the checkpoint readers work on local files.
 */
public final class ExecutorModels {
    private static final Map<String, KvCacheDecoder> LOADED = new ConcurrentHashMap<>();
    private static final Map<String, SavedModels.Loaded> GRAPHS = new ConcurrentHashMap<>();
    /** Each task thread's own copy of a loaded graph: a DL4J graph runs one pass at a time. */
    private static final ThreadLocal<Map<String, SavedModels.Loaded>> THREAD_COPIES = ThreadLocal.withInitial(HashMap::new);

    private ExecutorModels() {
    }

    public static KvCacheDecoder of(String modelPath, Configuration hadoop) {
        return LOADED.computeIfAbsent(modelPath, path -> load(path, hadoop));
    }

    /**
     * The model's graph and spec, for jobs that run the graph itself (scoring, classifying,
     * translating). The model is read once per executor JVM; each task thread gets a copy of its
     * own, so an executor's tasks run their passes side by side (one shared graph held them to one
     * pass at a time: a DL4J graph is not safe for concurrent passes).
     */
    public static SavedModels.Loaded graph(String modelPath, Configuration hadoop) {
        return THREAD_COPIES.get().computeIfAbsent(modelPath, path -> {
            SavedModels.Loaded shared = GRAPHS.computeIfAbsent(path, p -> {
                try {
                    return SavedModels.load(localCopy(p, hadoop), DataType.FLOAT);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot load model " + p + ": " + e.getMessage(), e);
                }
            });
            synchronized (shared.graph()) {
                return new SavedModels.Loaded(shared.spec(), shared.graph().clone());
            }
        });
    }

    private static KvCacheDecoder load(String modelPath, Configuration hadoop) {
        try {
            SavedModels.Loaded model = SavedModels.load(localCopy(modelPath, hadoop), DataType.FLOAT);
            return new KvCacheDecoder(model.graph(), model.spec());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load model " + modelPath + ": " + e.getMessage(), e);
        }
    }

    static java.nio.file.Path localCopy(String modelPath, Configuration hadoop) throws IOException {
        Path path = new Path(modelPath);
        FileSystem fs = path.getFileSystem(hadoop);
        if (fs instanceof LocalFileSystem || "file".equals(fs.getScheme())) {
            return java.nio.file.Path.of(fs.makeQualified(path).toUri());
        }
        java.nio.file.Path local = Files.createTempDirectory("sparkllm-model-");
        fs.copyToLocalFile(false, path, new Path(local.toUri()), true);
        return local.resolve(path.getName());
    }
}
