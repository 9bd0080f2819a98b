package io.sparkllm.datasets.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Web-like documents in five languages built from the sentence bank, with planted cases for every
 * cleaning and dedup rule: exact and near duplicates, PII, junk, mislabelled language. Each planted
 * case is recorded in a truth row so tests can check what the pipeline did with it.
 */
final class WebDocGenerator {
    static final List<String> LANGUAGES = List.of("en", "de", "fr", "es", "zh");
    private static final double[] LANGUAGE_SHARE = {0.40, 0.20, 0.15, 0.15, 0.10};
    private static final List<String> BOILERPLATE = List.of(
            "Home | News | About us | Contact\n\n",
            "Skip to main content. Menu. Search.\n\n",
            "Accept cookies? We use cookies to improve your experience.\n\n");
    private static final List<String> PII_SENTENCES = List.of(
            "For questions write to anna.berg@example.org before Friday.",
            "The old server at 192.168.17.42 was replaced last week.",
            "Our office network moved to 2001:db8:85a3::8a2e:370:7334 in spring.",
            "Use the access key AKIAIOSFODNN7EXAMPLE only for testing.",
            "Follow @river_watch for daily updates on the water level.",
            "Send the form to support@town-council.example.com or drop it at the desk.");
    private static final List<String> NOT_PII_SENTENCES = List.of(
            "The meeting was moved to 2024-03-15 at the town hall.",
            "Version 10.2.3 of the timetable is valid from 12.05.2023.");

    private final Random random;
    private final List<Map<String, Object>> docs = new ArrayList<>();
    private final List<Map<String, Object>> truth = new ArrayList<>();
    /** Copies are made of clean documents only, so every copy is a real document edited. */
    private final List<Map<String, Object>> clean = new ArrayList<>();

    WebDocGenerator(long seed) {
        this.random = new Random(seed);
    }

    List<Map<String, Object>> docs() {
        return docs;
    }

    List<Map<String, Object>> truth() {
        return truth;
    }

    void generate(int count) {
        for (int i = 0; i < count; i++) {
            String lang = pickLanguage();
            String text = document(lang);
            double roll = random.nextDouble();
            String kind = "clean";
            String of = null;
            if (roll < 0.08 && !clean.isEmpty()) {
                Map<String, Object> original = clean.get(random.nextInt(clean.size()));
                lang = (String) original.get("lang");
                text = (String) original.get("text");
                kind = "exact_duplicate";
                of = (String) original.get("id");
            } else if (roll < 0.16 && !clean.isEmpty()) {
                Map<String, Object> original = clean.get(random.nextInt(clean.size()));
                lang = (String) original.get("lang");
                text = nearDuplicate((String) original.get("text"), lang);
                kind = "near_duplicate";
                of = (String) original.get("id");
            } else if (roll < 0.26) {
                text = withSentence(text, PII_SENTENCES.get(random.nextInt(PII_SENTENCES.size())), lang);
                kind = "pii";
            } else if (roll < 0.30) {
                text = withSentence(text, NOT_PII_SENTENCES.get(random.nextInt(NOT_PII_SENTENCES.size())), lang);
                kind = "date_not_pii";
            } else if (roll < 0.38) {
                text = junk();
                kind = "junk";
            } else if (roll < 0.41 && !lang.equals("zh")) {
                String labelled = lang.equals("en") ? "de" : "en";
                add(i, labelled, text, "wrong_language_label", null, "text is " + lang);
                continue;
            }
            add(i, lang, text, kind, of, null);
        }
    }

    private void add(int index, String lang, String text, String kind, String of, String detail) {
        String id = String.format("web-%05d", index);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", id);
        doc.put("text", text);
        doc.put("url", "https://" + lang + ".example.net/page/" + index);
        doc.put("lang", lang);
        doc.put("source", "sparkllm-sample");
        docs.add(doc);
        if (kind.equals("clean")) {
            clean.add(doc);
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", id);
        t.put("kind", kind);
        t.put("of", of);
        t.put("detail", detail);
        truth.add(t);
    }

    private String pickLanguage() {
        double r = random.nextDouble();
        double acc = 0;
        for (int i = 0; i < LANGUAGES.size(); i++) {
            acc += LANGUAGE_SHARE[i];
            if (r < acc) {
                return LANGUAGES.get(i);
            }
        }
        return LANGUAGES.get(0);
    }

    /** Distinct sentences from the bank, so a clean document never repeats itself. */
    private String document(String lang) {
        List<String> bank = new ArrayList<>(SentenceBank.sentences(lang));
        int sentences = Math.min(bank.size(), 4 + random.nextInt(7));
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < sentences; s++) {
            if (s > 0) {
                sb.append(s % 3 == 0 ? "\n\n" : separator(lang));
            }
            sb.append(bank.remove(random.nextInt(bank.size())));
        }
        return sb.toString();
    }

    private static String separator(String lang) {
        return lang.equals("zh") ? "" : " ";
    }

    private String withSentence(String text, String sentence, String lang) {
        return text + separator(lang) + sentence;
    }

    /** An edited copy: a few words dropped, swapped or inserted, sometimes boilerplate in front. */
    private String nearDuplicate(String text, String lang) {
        if (lang.equals("zh")) {
            // No spaces to edit words at: drop one character and swap two neighbours instead.
            StringBuilder sb = new StringBuilder(text);
            sb.deleteCharAt(random.nextInt(sb.length()));
            int at = random.nextInt(sb.length() - 1);
            char c = sb.charAt(at);
            sb.setCharAt(at, sb.charAt(at + 1));
            sb.setCharAt(at + 1, c);
            return sb.toString();
        }
        List<String> words = new ArrayList<>(Arrays.asList(text.split(" ")));
        int edits = 1 + words.size() / 25;
        for (int e = 0; e < edits && words.size() > 2; e++) {
            int at = random.nextInt(words.size() - 1);
            switch (random.nextInt(3)) {
                case 0 -> words.remove(at);
                case 1 -> {
                    String w = words.get(at);
                    words.set(at, words.get(at + 1));
                    words.set(at + 1, w);
                }
                default -> words.add(at, words.get(random.nextInt(words.size())));
            }
        }
        String edited = String.join(" ", words);
        return random.nextBoolean() ? BOILERPLATE.get(random.nextInt(BOILERPLATE.size())) + edited : edited;
    }

    private String junk() {
        return switch (random.nextInt(4)) {
            case 0 -> "Click here.";
            case 1 -> "buy cheap now ".repeat(40).trim();
            case 2 -> "$$$ 100% FREE !!! >>> 555-0199 <<< ### %%% *** 777 ||| ### $$$ 100% ### !!! >>> <<<";
            default -> "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        };
    }
}
