package io.sparkllm.datasets.text;

/**
 * The 64-bit hashing the text rules share: FNV-1a over a string's UTF-16 units, then the murmur3
 * finaliser, so words and n-grams spread well enough for open-addressing tables and MinHash.
 */
public final class Hash64 {
    private Hash64() {
    }

    public static long of(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** The murmur3 64-bit finaliser. */
    public static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
