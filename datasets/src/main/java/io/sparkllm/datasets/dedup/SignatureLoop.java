package io.sparkllm.datasets.dedup;

/**
 * The inner loop of MinHash: for each permutation i, the least {@code a[i]·x + c[i]} (mod 2^64,
 * unsigned) over the shingles x. Implementations give identical results; {@link #fastest} picks
 * the vector one where the JVM offers SIMD lanes for it.
 */
interface SignatureLoop {
    /** {@code cFlipped[i]} is {@code c[i]} with its sign bit flipped (see {@link ScalarSignatureLoop}). */
    long[] minima(long[] a, long[] cFlipped, long[] shingles);

    /** How many 64-bit values it handles at once. */
    default int lanes() {
        return 1;
    }

    /**
     * The vector loop when the incubating vector module is present (the launchers add it) and
     * holds at least four 64-bit lanes; else the scalar loop.
     */
    static SignatureLoop fastest() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                SignatureLoop vector = (SignatureLoop) Class.forName("io.sparkllm.datasets.dedup.VectorSignatureLoop")
                        .getDeclaredConstructor().newInstance();
                if (vector.lanes() >= 4) {
                    return vector;
                }
            } catch (ReflectiveOperationException | LinkageError unavailable) {
                // fall through to the scalar loop
            }
        }
        return new ScalarSignatureLoop();
    }
}
