package io.sparkllm.jobs.eval.bleu;

import java.util.ArrayList;
import java.util.List;

/** Turns reference streams (one list per reference set, as sacreBLEU takes them) into references per segment. */
final class References {
    private References() {
    }

    /**
     * Segment i's references are the i-th entries of the streams. A null entry means "no reference here"
     * (sacreBLEU's variable number of references); an empty string is an empty reference, as sacreBLEU 2.x
     * scores it.
     *
     * @throws IllegalArgumentException when a stream's length differs from the number of hypotheses or a
     *                                  segment is left with no reference at all
     */
    static List<List<String>> bySegment(int hypotheses, List<List<String>> streams) {
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("no references given");
        }
        for (int k = 0; k < streams.size(); k++) {
            if (streams.get(k).size() != hypotheses) {
                throw new IllegalArgumentException("reference set " + (k + 1) + " has " + streams.get(k).size()
                        + " segments but there are " + hypotheses + " hypotheses");
            }
        }
        List<List<String>> bySegment = new ArrayList<>(hypotheses);
        for (int i = 0; i < hypotheses; i++) {
            List<String> refs = new ArrayList<>(streams.size());
            for (List<String> stream : streams) {
                if (stream.get(i) != null) {
                    refs.add(stream.get(i));
                }
            }
            if (refs.isEmpty()) {
                throw new IllegalArgumentException("segment " + (i + 1) + " has no reference");
            }
            bySegment.add(refs);
        }
        return bySegment;
    }
}
