package io.sparkllm.model.tokenizer;

/** What the post-processor puts around a single sequence: ids before ({@code <s>}, [CLS]) and after ([SEP]). */
record SingleTemplate(int[] prefix, int[] suffix) {
    static final SingleTemplate NONE = new SingleTemplate(new int[0], new int[0]);

    int[] apply(IntList body) {
        int[] out = new int[prefix.length + body.size() + suffix.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        int[] ids = body.toArray();
        System.arraycopy(ids, 0, out, prefix.length, ids.length);
        System.arraycopy(suffix, 0, out, prefix.length + ids.length, suffix.length);
        return out;
    }
}
