package io.sparkllm.model.tokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ByteLevelBpeTrainerTest {
    private static Map<String, Long> wordCounts(List<String> lines) {
        Map<String, Long> counts = new HashMap<>();
        for (String line : lines) {
            for (String word : Gpt2PreTokenizer.words(line)) {
                counts.merge(word, 1L, Long::sum);
            }
        }
        return counts;
    }

    @Test
    void learnsTheMergesThatRecountingEveryPairEveryStepLearns() {
        List<String> lines = Corpora.lines(Corpora.shared().resolve("tinyshakespeare/input.txt")).subList(0, 4000);
        Map<String, Long> counts = wordCounts(lines);
        Tokenizer trained = new ByteLevelBpeTrainer(256 + 1 + 150, 2, List.of("<|endoftext|>")).train(counts);
        int[][] merges = ((ByteLevelBpeTokenizer) trained).mergesByRank();
        List<String> expected = naiveMerges(counts, 150);
        List<String> actual = new ArrayList<>();
        for (int[] m : merges) {
            actual.add(trained.idToToken(m[0]) + " " + trained.idToToken(m[1]));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.get(0)).isEqualTo("Ġ t"); // " t" is the most frequent pair in English text
    }

    @Test
    void trainedTokenizerCompressesRoundTripsAndLoadsInHuggingFace(@TempDir Path tmp) throws Exception {
        List<String> lines = Corpora.lines(Corpora.shared().resolve("tinyshakespeare/input.txt"));
        Tokenizer trained = new ByteLevelBpeTrainer(2000, 2, List.of("<|endoftext|>")).train(wordCounts(lines));
        assertThat(trained.vocabSize()).isEqualTo(2000);
        assertThat(trained.specialTokens()).containsEntry("<|endoftext|>", 0);
        long bytes = 0;
        long tokens = 0;
        for (String line : lines) {
            int[] ids = trained.encode(line);
            assertThat(trained.decode(ids)).isEqualTo(line);
            bytes += line.getBytes(StandardCharsets.UTF_8).length;
            tokens += ids.length;
        }
        assertThat((double) tokens / bytes).isLessThan(0.4);

        Path saved = tmp.resolve("tokenizer.json");
        TokenizerFiles.save(trained, saved);
        List<String> sample = lines.subList(0, 5000);
        try (HuggingFaceReference hf = new HuggingFaceReference(saved)) {
            List<int[]> expected = hf.encodeAll(sample);
            for (int i = 0; i < sample.size(); i++) {
                assertThat(trained.encode(sample.get(i))).as(sample.get(i)).containsExactly(expected.get(i));
            }
        }
    }

    /** Reference: recount every pair of every word before each merge. */
    private static List<String> naiveMerges(Map<String, Long> counts, int mergeCount) {
        List<List<String>> words = new ArrayList<>();
        List<Long> freq = new ArrayList<>();
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            List<String> symbols = new ArrayList<>();
            for (byte b : e.getKey().getBytes(StandardCharsets.UTF_8)) {
                symbols.add(String.valueOf(ByteLevelAlphabet.charOf(b & 0xFF)));
            }
            words.add(symbols);
            freq.add(e.getValue());
        }
        List<String> merges = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        ids.put("<|endoftext|>", 0);
        java.util.TreeSet<Character> alphabet = new java.util.TreeSet<>();
        for (int b = 0; b < 256; b++) {
            alphabet.add(ByteLevelAlphabet.charOf(b));
        }
        for (char c : alphabet) {
            ids.put(String.valueOf(c), ids.size());
        }
        while (merges.size() < mergeCount) {
            Map<List<String>, Long> pairs = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                List<String> s = words.get(w);
                for (int i = 0; i + 1 < s.size(); i++) {
                    pairs.merge(List.of(s.get(i), s.get(i + 1)), freq.get(w), Long::sum);
                }
            }
            List<String> best = null;
            long bestCount = 0;
            for (Map.Entry<List<String>, Long> p : pairs.entrySet()) {
                long c = p.getValue();
                if (best == null || c > bestCount || (c == bestCount && compareIds(p.getKey(), best, ids) < 0)) {
                    best = p.getKey();
                    bestCount = c;
                }
            }
            if (best == null || bestCount < 2) {
                break;
            }
            String merged = best.get(0) + best.get(1);
            ids.putIfAbsent(merged, ids.size());
            merges.add(best.get(0) + " " + best.get(1));
            for (List<String> s : words) {
                for (int i = 0; i + 1 < s.size(); i++) {
                    if (s.get(i).equals(best.get(0)) && s.get(i + 1).equals(best.get(1))) {
                        s.set(i, merged);
                        s.remove(i + 1);
                    }
                }
            }
        }
        return merges;
    }

    private static int compareIds(List<String> a, List<String> b, Map<String, Integer> ids) {
        int c = Integer.compare(ids.get(a.get(0)), ids.get(b.get(0)));
        return c != 0 ? c : Integer.compare(ids.get(a.get(1)), ids.get(b.get(1)));
    }
}
