package io.sparkllm.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors checkpoint opened for reading: the header is parsed and checked up front (known
 * types, sizes that match shapes, byte ranges that tile the data section with no gaps or
 * overlaps), and each tensor is read only when asked for, so a model's weights can be loaded one
 * at a time. F16 and BF16 tensors come back as FLOAT (exactly: every such value is a float).
 */
public final class SafetensorsFile implements Closeable {
    /** The format's limit on the header, which also guards against reading garbage as a length. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors,
                            Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    public static SafetensorsFile open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (size < 8) {
                throw invalid(path, "shorter than its 8-byte header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerBytes = lengthBytes.flip().getLong();
            if (headerBytes < 2 || headerBytes > MAX_HEADER_BYTES || 8 + headerBytes > size) {
                throw invalid(path, "header length " + Long.toUnsignedString(headerBytes) + " does not fit a file of "
                        + size + " bytes (limit " + MAX_HEADER_BYTES + ")");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerBytes);
            readFully(channel, header, 8);
            String text = new String(header.array(), StandardCharsets.UTF_8);
            if (!text.startsWith("{")) {
                throw invalid(path, "the header must be a JSON object");
            }
            JsonNode root;
            try {
                root = JSON.readTree(text);
            } catch (IOException e) {
                throw invalid(path, "the header is not JSON: " + e.getMessage().split("\n")[0]);
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, TensorInfo> tensors = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (entry.getKey().equals("__metadata__")) {
                    entry.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                } else {
                    tensors.put(entry.getKey(), info(path, entry.getKey(), entry.getValue()));
                }
            }
            checkTiling(path, tensors, size - 8 - headerBytes);
            return new SafetensorsFile(path, channel, 8 + headerBytes, Collections.unmodifiableMap(tensors),
                    Collections.unmodifiableMap(metadata));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Tensor names in header order. */
    public List<String> names() {
        return new ArrayList<>(tensors.keySet());
    }

    public TensorInfo info(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new IllegalArgumentException(path + ": no tensor '" + name + "'");
        }
        return info;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** The tensor's values, in C order with its shape. */
    public INDArray tensor(String name) throws IOException {
        TensorInfo info = info(name);
        long length = info.end() - info.begin();
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException(path + ": tensor '" + name + "' has " + length + " bytes, over the 2 GB a single read allows");
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, bytes, dataStart + info.begin());
        bytes.flip();
        return TensorBytes.toArray(info.type(), info.shape(), bytes);
    }

    /** Every tensor, in header order. */
    public Map<String, INDArray> all() throws IOException {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String name : tensors.keySet()) {
            out.put(name, tensor(name));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static TensorInfo info(Path path, String name, JsonNode node) throws IOException {
        String where = "tensor '" + name + "'";
        if (!node.isObject()) {
            throw invalid(path, where + " is not an object");
        }
        SafetensorsType type = SafetensorsType.named(node.path("dtype").asText(""));
        if (type == null) {
            throw invalid(path, where + " has unsupported dtype '" + node.path("dtype").asText("") + "'");
        }
        JsonNode shapeNode = node.path("shape");
        JsonNode offsets = node.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw invalid(path, where + " needs a shape list and two data_offsets");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!shapeNode.get(i).canConvertToLong() || shapeNode.get(i).asLong() < 0) {
                throw invalid(path, where + " has a bad dimension " + shapeNode.get(i));
            }
            shape[i] = shapeNode.get(i).asLong();
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        TensorInfo info = new TensorInfo(name, type, shape, begin, end);
        if (begin < 0 || end < begin) {
            throw invalid(path, where + " has bad data_offsets [" + offsets.get(0) + ", " + offsets.get(1) + "]");
        }
        if (Math.multiplyExact(info.elements(), type.bytes()) != end - begin) {
            throw invalid(path, where + ": " + (end - begin) + " bytes for " + info.elements() + " " + type + " values");
        }
        return info;
    }

    /** The byte ranges must cover the data section exactly, as the format requires. */
    private static void checkTiling(Path path, Map<String, TensorInfo> tensors, long dataBytes) throws IOException {
        List<TensorInfo> sorted = new ArrayList<>(tensors.values());
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long next = 0;
        for (TensorInfo t : sorted) {
            if (t.begin() != next) {
                throw invalid(path, "tensor '" + t.name() + "' starts at byte " + t.begin() + " of the data, expected "
                        + next + (t.begin() < next ? " (overlap)" : " (gap)"));
            }
            next = t.end();
        }
        if (next != dataBytes) {
            throw invalid(path, "tensors cover " + next + " bytes but the data section holds " + dataBytes);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += n;
        }
    }

    private static IOException invalid(Path path, String why) {
        return new IOException(path + ": not a valid safetensors file: " + why);
    }
}
