package io.sparkllm.model.checkpoint;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian tensor bytes to ND4J arrays and back, for each safetensors element type. */
final class TensorBytes {
    private TensorBytes() {
    }

    static INDArray toArray(SafetensorsType type, long[] shape, ByteBuffer bytes) {
        bytes.order(ByteOrder.LITTLE_ENDIAN);
        int n = Math.toIntExact(bytes.remaining() / type.bytes());
        INDArray flat = switch (type) {
            case F64 -> {
                double[] v = new double[n];
                bytes.asDoubleBuffer().get(v);
                yield Nd4j.createFromArray(v);
            }
            case F32 -> {
                float[] v = new float[n];
                bytes.asFloatBuffer().get(v);
                yield Nd4j.createFromArray(v);
            }
            case F16, BF16 -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    short bits = bytes.getShort(i * 2);
                    v[i] = type == SafetensorsType.F16 ? HalfFloats.halfToFloat(bits) : HalfFloats.bfloat16ToFloat(bits);
                }
                yield Nd4j.createFromArray(v);
            }
            case I64 -> {
                long[] v = new long[n];
                bytes.asLongBuffer().get(v);
                yield Nd4j.createFromArray(v);
            }
            case I32 -> {
                int[] v = new int[n];
                bytes.asIntBuffer().get(v);
                yield Nd4j.createFromArray(v);
            }
            case I16 -> {
                short[] v = new short[n];
                bytes.asShortBuffer().get(v);
                yield Nd4j.createFromArray(v);
            }
            case I8 -> {
                byte[] v = new byte[n];
                bytes.get(v);
                yield Nd4j.createFromArray(v);
            }
            case U8 -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = bytes.get(i) & 0xFF;
                }
                yield Nd4j.createFromArray(v).castTo(DataType.UBYTE);
            }
            case BOOL -> {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    v[i] = bytes.get(i) != 0;
                }
                yield Nd4j.createFromArray(v);
            }
        };
        if (shape.length == 0) {
            return flat.reshape(new long[0]);
        }
        return n == 0 ? Nd4j.create(flat.dataType(), shape) : flat.reshape('c', shape);
    }

    /** The array's values in C order as little-endian {@code type} elements. */
    static byte[] toBytes(INDArray array, SafetensorsType type) {
        INDArray c = array.dup('c');
        long length = c.length();
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(length * type.bytes())).order(ByteOrder.LITTLE_ENDIAN);
        if (length == 0) {
            return out.array();
        }
        switch (type) {
            case F64 -> out.asDoubleBuffer().put(c.castTo(DataType.DOUBLE).data().asDouble());
            case F32 -> out.asFloatBuffer().put(c.castTo(DataType.FLOAT).data().asFloat());
            case F16, BF16 -> {
                float[] v = c.castTo(DataType.FLOAT).data().asFloat();
                for (float x : v) {
                    out.putShort(type == SafetensorsType.F16 ? HalfFloats.floatToHalf(x) : HalfFloats.floatToBfloat16(x));
                }
            }
            case I64 -> out.asLongBuffer().put(c.castTo(DataType.LONG).data().asLong());
            case I32 -> out.asIntBuffer().put(c.castTo(DataType.INT).data().asInt());
            case I16 -> {
                for (int x : c.castTo(DataType.INT).data().asInt()) {
                    out.putShort((short) x);
                }
            }
            case I8, U8 -> {
                for (int x : c.castTo(DataType.INT).data().asInt()) {
                    out.put((byte) x);
                }
            }
            case BOOL -> {
                for (int x : c.castTo(DataType.INT).data().asInt()) {
                    out.put((byte) (x != 0 ? 1 : 0));
                }
            }
        }
        return out.array();
    }
}
