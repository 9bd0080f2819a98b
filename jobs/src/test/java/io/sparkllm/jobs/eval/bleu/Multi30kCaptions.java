package io.sparkllm.jobs.eval.bleu;

import io.sparkllm.testing.SharedData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Multi30K's 2016 test captions (1000 lines, English and German) and degraded copies of them made by a fixed
 * rule, the same rule the expected sacreBLEU values were computed with: depending on the line number plus a
 * variant, drop the middle word, swap the first two, lowercase the line, drop a final period.
 */
public final class Multi30kCaptions {
    private Multi30kCaptions() {
    }

    public static List<String> english() {
        return read("multi30k/test_2016_flickr.en.gz");
    }

    public static List<String> german() {
        return read("multi30k/test_2016_flickr.de.gz");
    }

    private static List<String> read(String path) {
        try {
            return SegmentFile.read(SharedData.path(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> degraded(List<String> lines, int variant) {
        List<String> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            List<String> words = new ArrayList<>(List.of(lines.get(i).split(" ", -1)));
            int k = i + variant;
            if (k % 3 == 0 && words.size() > 3) {
                words.remove(words.size() / 2);
            }
            if (k % 4 == 1 && words.size() > 2) {
                words.set(0, words.set(1, words.get(0)));
            }
            if (k % 5 == 2) {
                words.replaceAll(PythonText::lower);
            }
            int last = words.size() - 1;
            if (k % 7 == 3 && words.get(last).endsWith(".")) {
                words.set(last, words.get(last).substring(0, words.get(last).length() - 1));
            }
            out.add(String.join(" ", words));
        }
        return out;
    }
}
