package io.sparkllm.datasets.dedup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A MinHash signature as bytes (its values as little-endian 64-bit words): one binary column is
 * far cheaper for Spark's cache and Parquet than an array of longs.
 */
public final class SignatureBytes {
    private SignatureBytes() {
    }

    public static byte[] encode(long[] signature) {
        ByteBuffer out = ByteBuffer.allocate(signature.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        out.asLongBuffer().put(signature);
        return out.array();
    }

    public static long[] decode(byte[] bytes) {
        if (bytes.length % Long.BYTES != 0) {
            throw new IllegalArgumentException("a signature is whole 64-bit words, got " + bytes.length + " bytes");
        }
        long[] out = new long[bytes.length / Long.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
        return out;
    }

    /** The share of positions where two encoded signatures agree (see {@link MinHash#similarity}). */
    public static double similarity(byte[] x, byte[] y) {
        return MinHash.similarity(decode(x), decode(y));
    }
}
