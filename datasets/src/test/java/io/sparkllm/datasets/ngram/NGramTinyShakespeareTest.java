package io.sparkllm.datasets.ngram;

import io.sparkllm.datasets.testing.SharedData;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on Tiny Shakespeare: a trigram model trained on the first 90% of the lines must find the last 10% far
 * more predictable than the same lines with their words shuffled, and than a unigram model does.
 */
class NGramTinyShakespeareTest {

    /** Lines lowercased and split on whitespace; blank lines (between speeches) are dropped. */
    private static List<List<String>> lines(Path file) throws IOException {
        List<List<String>> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String s = line.strip().toLowerCase(Locale.ROOT);
            if (!s.isEmpty()) {
                out.add(List.of(s.split("\\s+")));
            }
        }
        return out;
    }

    @Test
    void heldOutPerplexityIsFarBelowShuffledWordsAndAUnigramModel(@TempDir Path tmp) throws IOException {
        Path file = SharedData.path("tinyshakespeare/input.txt");
        assertThat(file).as("the shared data set (../shared/data)").isRegularFile();
        List<List<String>> all = lines(file);
        int split = (int) (all.size() * 0.9);
        List<List<String>> train = all.subList(0, split);
        List<List<String>> heldOut = all.subList(split, all.size());
        List<List<String>> shuffled = new ArrayList<>();
        Random random = new Random(20240611);
        for (List<String> line : heldOut) {
            List<String> copy = new ArrayList<>(line);
            Collections.shuffle(copy, random);
            shuffled.add(copy);
        }

        long start = System.nanoTime();
        KneserNeyEstimator trigrams = new KneserNeyEstimator(3);
        train.forEach(trigrams::addSentence);
        ArpaModel model = trigrams.build();
        long trained = System.nanoTime();
        Path arpa = tmp.resolve("shakespeare.3.arpa");
        try (Writer out = Files.newBufferedWriter(arpa, StandardCharsets.UTF_8)) {
            trigrams.writeArpa(out);
        }
        long written = System.nanoTime();
        ArpaModel reread = ArpaModel.read(arpa);
        long read = System.nanoTime();

        KneserNeyEstimator unigrams = new KneserNeyEstimator(1);
        train.forEach(unigrams::addSentence);
        ArpaModel unigramModel = unigrams.build();

        double trigramHeldOut = model.perplexity(heldOut);
        double trigramTrain = model.perplexity(train);
        double trigramShuffled = model.perplexity(shuffled);
        double unigramHeldOut = unigramModel.perplexity(heldOut);
        double unigramShuffled = unigramModel.perplexity(shuffled);

        System.out.printf(Locale.ROOT, "Tiny Shakespeare: %d training lines, %d held out; %s; %,d bytes of ARPA%n",
                train.size(), heldOut.size(), model, Files.size(arpa));
        System.out.printf(Locale.ROOT, "  discounts: %s | %s | %s%n", trigrams.discounts(1), trigrams.discounts(2),
                trigrams.discounts(3));
        System.out.printf(Locale.ROOT, "  trigram perplexity: train %.1f, held-out %.1f, held-out shuffled %.1f%n",
                trigramTrain, trigramHeldOut, trigramShuffled);
        System.out.printf(Locale.ROOT, "  unigram perplexity: held-out %.1f, held-out shuffled %.1f%n",
                unigramHeldOut, unigramShuffled);
        System.out.printf(Locale.ROOT, "  count+estimate %d ms, write ARPA %d ms, read ARPA %d ms%n",
                (trained - start) / 1_000_000, (written - trained) / 1_000_000, (read - written) / 1_000_000);

        assertThat(reread.perplexity(heldOut)).isEqualTo(trigramHeldOut);
        assertThat(trigramTrain).isLessThan(trigramHeldOut);
        assertThat(trigramHeldOut).isLessThan(unigramHeldOut * 0.8);
        assertThat(trigramHeldOut).isLessThan(trigramShuffled * 0.6);
        // a unigram model cannot tell word order apart
        assertThat(unigramShuffled).isCloseTo(unigramHeldOut, org.assertj.core.data.Percentage.withPercentage(1e-6));
    }
}
