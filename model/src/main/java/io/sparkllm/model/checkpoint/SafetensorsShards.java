package io.sparkllm.model.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tensors of a Hugging Face checkpoint directory: one {@code model.safetensors}, or the shards
 * a {@code model.safetensors.index.json} lists, read as one set of names.
 */
final class SafetensorsShards implements Closeable {
    static final String SINGLE = "model.safetensors";
    static final String INDEX = "model.safetensors.index.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String where;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> byName;

    private SafetensorsShards(String where, List<SafetensorsFile> files, Map<String, SafetensorsFile> byName) {
        this.where = where;
        this.files = files;
        this.byName = byName;
    }

    static SafetensorsShards open(Path dir) throws IOException {
        Path single = dir.resolve(SINGLE);
        if (Files.isRegularFile(single)) {
            SafetensorsFile file = SafetensorsFile.open(single);
            Map<String, SafetensorsFile> byName = new LinkedHashMap<>();
            file.names().forEach(n -> byName.put(n, file));
            return new SafetensorsShards(single.toString(), List.of(file), byName);
        }
        Path index = dir.resolve(INDEX);
        if (Files.isRegularFile(index)) {
            return sharded(dir, index);
        }
        String bin = Files.isRegularFile(dir.resolve("pytorch_model.bin"))
                ? " (pytorch_model.bin is not read: save the model with safe_serialization=True)" : "";
        throw new CheckpointFormatException(dir + ": no " + SINGLE + " or " + INDEX + bin);
    }

    private static SafetensorsShards sharded(Path dir, Path index) throws IOException {
        JsonNode map;
        try {
            map = JSON.readTree(Files.readAllBytes(index)).path("weight_map");
        } catch (JsonProcessingException e) {
            throw new CheckpointFormatException(index + ": not valid JSON: " + e.getOriginalMessage().split("\n")[0], e);
        }
        if (!map.isObject() || map.isEmpty()) {
            throw new CheckpointFormatException(index + ": no weight_map naming the shard of each tensor");
        }
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        Map<String, SafetensorsFile> byName = new LinkedHashMap<>();
        List<SafetensorsFile> opened = new ArrayList<>();
        try {
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String shardName = entry.getValue().asText("");
                Path home = dir.toAbsolutePath().normalize();
                Path shard = home.resolve(shardName).normalize();
                if (shardName.isEmpty() || !home.equals(shard.getParent())) {
                    throw new CheckpointFormatException(index + ": tensor '" + entry.getKey() + "' names shard '"
                            + shardName + "', which is not a file beside the index");
                }
                SafetensorsFile file = shards.get(shardName);
                if (file == null) {
                    if (!Files.isRegularFile(shard)) {
                        throw new CheckpointFormatException(index + ": shard " + shardName + " does not exist");
                    }
                    file = SafetensorsFile.open(shard);
                    opened.add(file);
                    shards.put(shardName, file);
                }
                if (!file.names().contains(entry.getKey())) {
                    throw new CheckpointFormatException(index + ": shard " + shardName + " holds no tensor '" + entry.getKey() + "'");
                }
            }
            for (Map.Entry<String, SafetensorsFile> shard : shards.entrySet()) {
                for (String name : shard.getValue().names()) {
                    SafetensorsFile earlier = byName.put(name, shard.getValue());
                    if (earlier != null) {
                        throw new CheckpointFormatException(index + ": tensor '" + name + "' is in two shards");
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            for (SafetensorsFile file : opened) {
                file.close();
            }
            throw e;
        }
        return new SafetensorsShards(index.toString(), opened, byName);
    }

    /** The file (or index) the tensors came from, for messages. */
    String where() {
        return where;
    }

    Set<String> names() {
        return byName.keySet();
    }

    long[] shape(String name) {
        return byName.get(name).info(name).shape();
    }

    INDArray tensor(String name) throws IOException {
        return byName.get(name).tensor(name);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (SafetensorsFile file : files) {
            try {
                file.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
