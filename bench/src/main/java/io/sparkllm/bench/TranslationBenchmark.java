package io.sparkllm.bench;

import io.sparkllm.model.generate.BeamSearch;
import io.sparkllm.model.generate.BeamSettings;
import io.sparkllm.model.generate.Hypothesis;
import io.sparkllm.model.generate.Seq2SeqLm;
import io.sparkllm.model.tokenizer.ByteLevelBpeTrainer;
import io.sparkllm.model.tokenizer.Gpt2PreTokenizer;
import io.sparkllm.model.tokenizer.Tokenizer;
import io.sparkllm.model.zoo.CachedTranslator;
import io.sparkllm.model.zoo.ModelGraphs;
import io.sparkllm.model.zoo.ModelSpec;
import io.sparkllm.model.zoo.TransformerTranslator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Beam-search decoding time of real Multi30K test captions (test_2016_flickr, German) with the
 * key/value caches ({@link CachedTranslator}) against the full graph every step
 * ({@link TransformerTranslator}), on the same model and sources, one after the other in one run;
 * the two must return the same hypotheses. The model is the transformer-multi30k preset with
 * random weights and the 8,000-token BPE the real run learns from Multi30K's train captions. A
 * random model seldom ends a sentence, so by default each caption is decoded for as many steps as
 * its English reference has tokens (plus the end token), the lengths a trained model writes; a
 * number instead caps every caption there, as {@code eval bleu}'s max-length (64) does for an
 * undertrained model that never stops.
 * Usage: TranslationBenchmark [captions=100] [beam-width=4] [max-length=reference] [preset=transformer-multi30k]
 */
public final class TranslationBenchmark {
    private TranslationBenchmark() {
    }

    private record Caption(int[] source, int maxLength) {
    }

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int width = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        String maxLength = args.length > 2 ? args[2] : "reference";
        String preset = args.length > 3 ? args[3] : "transformer-multi30k";
        Path root = Path.of(System.getenv("SPARKLLM_ROOT"));
        Path data = Path.of(System.getenv().getOrDefault("SPARKLLM_SHARED_DATA", root.resolve("../shared/data").toString()))
                .resolve("multi30k");
        Tokenizer tokenizer = bpe(data);
        int start = tokenizer.tokenToId("<s>");
        int end = tokenizer.tokenToId("<|endoftext|>");
        List<String> de = lines(data.resolve("test_2016_flickr.de.gz"));
        List<String> en = lines(data.resolve("test_2016_flickr.en.gz"));
        List<Caption> captions = new ArrayList<>();
        long steps = 0;
        for (int i = 0; i < count; i++) {
            int[] ids = tokenizer.encode(de.get(i), false);
            int[] source = Arrays.copyOf(ids, ids.length + 1);
            source[ids.length] = end;
            int length = maxLength.equals("reference") ? tokenizer.encode(en.get(i), false).length + 1
                    : Integer.parseInt(maxLength);
            captions.add(new Caption(source, length));
            steps += captions.get(i).maxLength();
        }

        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        ModelSpec spec = ModelSpec.fromPreset(preset);
        ComputationGraph graph = ModelGraphs.create(spec, 1, DataType.FLOAT);
        Seq2SeqLm cached = new CachedTranslator(graph, spec);
        Seq2SeqLm full = new TransformerTranslator(graph);
        // Warm-up on both paths (JIT, ND4J kernels), then timed runs back to back.
        decode(cached, captions.subList(0, 2), width, start, end);
        decode(full, captions.subList(0, 2), width, start, end);
        long t0 = System.nanoTime();
        List<List<Hypothesis>> withCache = decode(cached, captions, width, start, end);
        double cachedSeconds = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        List<List<Hypothesis>> withGraph = decode(full, captions, width, start, end);
        double fullSeconds = (System.nanoTime() - t0) / 1e9;

        int same = 0;
        for (int i = 0; i < count; i++) {
            same += sameTokens(withCache.get(i), withGraph.get(i)) ? 1 : 0;
        }
        System.out.printf("%s (random weights), %d test_2016_flickr captions, beam %d, up to %d decoding steps in all "
                + "(max length: %s)%n", preset, count, width, steps,
                maxLength.equals("reference") ? "each reference's tokens + the end token" : maxLength);
        System.out.printf("with caches   %.1f s%nfull graph    %.1f s%nsame hypotheses: %d of %d captions%n",
                cachedSeconds, fullSeconds, same, count);
        if (same != count) {
            throw new IllegalStateException("the cached and the full-graph decoders disagree on " + (count - same) + " captions");
        }
        System.out.printf("translate: %.1f s for %d captions, beam %d, with the key/value caches "
                + "(peer: full graph every step %.1f s, ratio: %.1fx)%n", cachedSeconds, count, width, fullSeconds,
                fullSeconds / cachedSeconds);
    }

    private static List<List<Hypothesis>> decode(Seq2SeqLm model, List<Caption> captions, int width, int start, int end) {
        List<List<Hypothesis>> out = new ArrayList<>();
        for (Caption c : captions) {
            out.add(new BeamSearch(model, BeamSettings.of(width, c.maxLength(), start, end)).search(c.source()));
        }
        return out;
    }

    private static boolean sameTokens(List<Hypothesis> a, List<Hypothesis> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i).tokens(), b.get(i).tokens()) || a.get(i).ended() != b.get(i).ended()) {
                return false;
            }
        }
        return true;
    }

    /** The real run's tokenizer: byte-level BPE, 8,000 tokens, learned from the train captions of both languages (tokenizer-train's minimum frequency 2). */
    private static Tokenizer bpe(Path data) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        for (String lang : List.of("de", "en")) {
            for (String line : lines(data.resolve("train." + lang + ".gz"))) {
                for (String word : Gpt2PreTokenizer.words(line)) {
                    counts.merge(word, 1L, Long::sum);
                }
            }
        }
        return new ByteLevelBpeTrainer(8000, 2, List.of("<|endoftext|>", "<s>")).train(counts);
    }

    private static List<String> lines(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
    }
}
