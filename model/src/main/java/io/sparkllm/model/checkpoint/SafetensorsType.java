package io.sparkllm.model.checkpoint;

import org.nd4j.linalg.api.buffer.DataType;

import java.util.Arrays;

/** The safetensors element types this project reads and writes, with their widths and ND4J types. */
public enum SafetensorsType {
    F64(8, DataType.DOUBLE),
    F32(4, DataType.FLOAT),
    F16(2, DataType.HALF),
    BF16(2, DataType.BFLOAT16),
    I64(8, DataType.LONG),
    I32(4, DataType.INT),
    I16(2, DataType.SHORT),
    I8(1, DataType.BYTE),
    U8(1, DataType.UBYTE),
    BOOL(1, DataType.BOOL);

    private final int bytes;
    private final DataType nd4j;

    SafetensorsType(int bytes, DataType nd4j) {
        this.bytes = bytes;
        this.nd4j = nd4j;
    }

    public int bytes() {
        return bytes;
    }

    public DataType nd4j() {
        return nd4j;
    }

    /** The type named in a header ("F32", ...); null for a name this project doesn't know. */
    public static SafetensorsType named(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    /** The safetensors type that stores an ND4J type exactly. */
    public static SafetensorsType of(DataType type) {
        return Arrays.stream(values()).filter(t -> t.nd4j == type).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no safetensors type for ND4J " + type));
    }
}
