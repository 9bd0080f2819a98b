package io.sparkllm.datasets.sample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * German-English sentence pairs from a small grammar (subject, action, place), split into
 * train/val/test like Multi30K, with planted bad pairs in train for every pair rule.
 */
final class PairGenerator {
    /** One aligned pair. */
    record Pair(String de, String en) {
    }

    private final Random random;
    private final Map<String, List<Pair>> splits = new LinkedHashMap<>();
    private final List<Map<String, Object>> truth = new ArrayList<>();

    PairGenerator(long seed) {
        this.random = new Random(seed);
    }

    Map<String, List<Pair>> splits() {
        return splits;
    }

    List<Map<String, Object>> truth() {
        return truth;
    }

    void generate(int valSize, int testSize) {
        List<Pair> all = grammarPairs();
        Collections.shuffle(all, random);
        List<Pair> test = new ArrayList<>(all.subList(0, testSize));
        List<Pair> val = new ArrayList<>(all.subList(testSize, testSize + valSize));
        List<Pair> train = new ArrayList<>(all.subList(testSize + valSize, all.size()));
        plant(train);
        splits.put("train", train);
        splits.put("val", val);
        splits.put("test_2016_flickr", test);
    }

    private void plant(List<Pair> train) {
        Pair a = train.get(0);
        Pair b = train.get(1);
        insert(train, new Pair("", a.en()), "empty_side");
        insert(train, new Pair(a.de(), "   "), "empty_side");
        String longDe = String.join(" ", Collections.nCopies(12, a.de()));
        String longEn = String.join(" ", Collections.nCopies(12, a.en()));
        insert(train, new Pair(longDe, longEn), "too_long");
        insert(train, new Pair(a.de() + " " + b.de() + " " + a.de() + " " + b.de(), "Yes."), "length_ratio");
        insert(train, new Pair(b.en(), b.en()), "identical");
        insert(train, new Pair(a.en(), b.en()), "wrong_language");
        insert(train, new Pair(b.de().replaceFirst(" ", " \u0007"), b.en()), "control_characters");
        Pair dup = train.get(5);
        insert(train, new Pair(dup.de(), dup.en()), "duplicate");
    }

    private void insert(List<Pair> train, Pair pair, String kind) {
        int at = 10 + random.nextInt(train.size() - 10);
        train.add(at, pair);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("split", "train");
        t.put("de", pair.de());
        t.put("en", pair.en());
        t.put("kind", kind);
        truth.add(t);
    }

    private static List<Pair> grammarPairs() {
        List<String[]> subjects = new ArrayList<>();
        List<String[]> actions = new ArrayList<>();
        List<String[]> places = new ArrayList<>();
        for (String line : SentenceBank.lines("pair_grammar.tsv")) {
            String[] f = line.split("\t");
            switch (f[0]) {
                case "subject" -> subjects.add(f);
                case "action" -> actions.add(f);
                case "place" -> places.add(f);
                default -> throw new IllegalStateException("pair_grammar.tsv: unknown row kind " + f[0]);
            }
        }
        List<Pair> pairs = new ArrayList<>();
        for (String[] s : subjects) {
            boolean plural = s[1].equals("pl");
            for (String[] a : actions) {
                for (String[] p : places) {
                    String en = s[2] + " " + (plural ? a[2] : a[1]) + " " + p[1] + ".";
                    String de = s[3] + " " + (plural ? a[4] : a[3]) + " " + p[2] + ".";
                    pairs.add(new Pair(de, en));
                }
            }
        }
        return pairs;
    }
}
