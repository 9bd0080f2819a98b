package io.sparkllm.model.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a safetensors checkpoint: tensors in the order added, each stored as its own ND4J type
 * or a chosen one (F16/BF16 to halve a float model), header padded with spaces to a multiple of
 * 8 bytes. The file is written beside the target and moved into place, so a reader never sees
 * half a checkpoint.
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, byte[]> data = new LinkedHashMap<>();
    private final Map<String, TensorInfo> infos = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private long offset;

    public SafetensorsWriter put(String name, INDArray array) {
        return put(name, array, SafetensorsType.of(array.dataType()));
    }

    public SafetensorsWriter put(String name, INDArray array, SafetensorsType storeAs) {
        if (name.equals("__metadata__") || infos.containsKey(name)) {
            throw new IllegalArgumentException("tensor name '" + name + "' is reserved or already written");
        }
        byte[] bytes = TensorBytes.toBytes(array, storeAs);
        infos.put(name, new TensorInfo(name, storeAs, array.shape(), offset, offset + bytes.length));
        data.put(name, bytes);
        offset += bytes.length;
        return this;
    }

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public void write(Path target) throws IOException {
        byte[] header = header();
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
            out.write(header);
            for (byte[] bytes : data.values()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private byte[] header() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        for (TensorInfo t : infos.values()) {
            ObjectNode entry = root.putObject(t.name());
            entry.put("dtype", t.type().name());
            ArrayNode shape = entry.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(t.begin()).add(t.end());
        }
        byte[] json = JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        java.util.Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }
}
