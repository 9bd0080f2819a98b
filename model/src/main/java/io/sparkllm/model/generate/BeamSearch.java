package io.sparkllm.model.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search over a {@link Seq2SeqLm}, following Hugging Face's {@code BeamSearchScorer}: at each step every running
 * beam is extended by its best tokens, the best {@code 2 * width} extensions are taken in score order, an end token among
 * the first {@code width} of them finishes a hypothesis, and the first {@code width} others become the next beams.
 * Finished hypotheses are ranked by {@code logProbability / length^lengthPenalty} and the best {@code width} are kept;
 * beams still running at {@code maxLength} join them unfinished. Equal scores are ordered by beam, then by the lower
 * token id, so width 1 picks exactly greedy decoding's tokens.
 */
public final class BeamSearch {
    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble(Candidate::logProbability).reversed()
            .thenComparingInt(Candidate::beam).thenComparingInt(Candidate::token);

    private final Seq2SeqLm model;
    private final BeamSettings settings;

    public BeamSearch(Seq2SeqLm model, BeamSettings settings) {
        this.model = model;
        this.settings = settings;
    }

    /** The best {@code nBest} hypotheses for the source, best first (empty only if the model allows no token at all). */
    public List<Hypothesis> search(int[] source) {
        Seq2SeqLm.EncodedSource encoded = model.encode(source);
        FinishedHypotheses finished = new FinishedHypotheses(settings.width());
        List<Beam> running = List.of(new Beam(new int[0], 0.0));
        for (int length = 1; length <= settings.maxLength() && !running.isEmpty(); length++) {
            float[][] logProbabilities = checked(model.nextLogProbabilities(encoded, prefixes(running)), running.size());
            running = advance(running, candidates(running, logProbabilities), finished, length);
            if (done(running, finished, length)) {
                return finished.best(settings.nBest());
            }
        }
        for (Beam beam : running) {
            finished.add(new Hypothesis(beam.tokens, false, beam.logProbability,
                    settings.score(beam.logProbability, beam.tokens.length)));
        }
        return finished.best(settings.nBest());
    }

    /** The best 2 * width extensions of all beams: no beam contributes more than that, so each beam's top suffices. */
    private List<Candidate> candidates(List<Beam> running, float[][] logProbabilities) {
        int limit = 2 * settings.width();
        List<Candidate> candidates = new ArrayList<>();
        for (int b = 0; b < running.size(); b++) {
            float[] row = logProbabilities[b];
            for (int token : RankedTokens.best(row, limit)) {
                if (row[token] == Float.NEGATIVE_INFINITY) {
                    break; // ranked: the rest are impossible too
                }
                candidates.add(new Candidate(b, token, running.get(b).logProbability + row[token]));
            }
        }
        candidates.sort(BEST_FIRST);
        return candidates.subList(0, Math.min(limit, candidates.size()));
    }

    /** Finishes end-token candidates ranked within the width (HF's rule) and returns the next running beams. */
    private List<Beam> advance(List<Beam> running, List<Candidate> candidates, FinishedHypotheses finished, int length) {
        int width = settings.width();
        List<Beam> next = new ArrayList<>(width);
        for (int rank = 0; rank < candidates.size() && next.size() < width; rank++) {
            Candidate c = candidates.get(rank);
            int[] tokens = running.get(c.beam).tokens;
            if (c.token == settings.endToken()) {
                if (rank < width) {
                    finished.add(new Hypothesis(tokens, true, c.logProbability, settings.score(c.logProbability, length)));
                }
            } else {
                int[] extended = Arrays.copyOf(tokens, tokens.length + 1);
                extended[tokens.length] = c.token;
                next.add(new Beam(extended, c.logProbability));
            }
        }
        return next;
    }

    private boolean done(List<Beam> running, FinishedHypotheses finished, int length) {
        if (running.isEmpty() || finished.size() < settings.width()) {
            return running.isEmpty();
        }
        return switch (settings.stopping()) {
            case WHEN_WIDTH_FINISHED -> true;
            case AT_MAX_LENGTH -> false;
            // At maxLength the running beams still join the finished ones, so the bound matters only before it.
            case WHEN_UNBEATABLE -> length < settings.maxLength()
                    && bestAttainable(running.get(0).logProbability, length) <= finished.worstScore();
        };
    }

    /**
     * The highest score any continuation of a running beam can reach. Log-probabilities (all <= 0) only fall as tokens are added,
     * so with a length penalty above 0 the best case is the longest output (maxLength) and otherwise the shortest
     * (the end token right now, length + 1).
     */
    private double bestAttainable(double logProbability, int length) {
        int bestLength = settings.lengthPenalty() > 0 ? settings.maxLength() : length + 1;
        return settings.score(logProbability, bestLength);
    }

    private int[][] prefixes(List<Beam> running) {
        int[][] prefixes = new int[running.size()][];
        for (int b = 0; b < prefixes.length; b++) {
            int[] tokens = running.get(b).tokens;
            int[] prefix = new int[tokens.length + 1];
            prefix[0] = settings.startToken();
            System.arraycopy(tokens, 0, prefix, 1, tokens.length);
            prefixes[b] = prefix;
        }
        return prefixes;
    }

    private static float[][] checked(float[][] logProbabilities, int beams) {
        if (logProbabilities.length != beams) {
            throw new IllegalStateException("the model returned " + logProbabilities.length + " rows for " + beams + " prefixes");
        }
        for (float[] row : logProbabilities) {
            if (row.length != logProbabilities[0].length || row.length == 0) {
                throw new IllegalStateException("the model returned rows of different or zero lengths");
            }
            for (float value : row) {
                if (Float.isNaN(value)) {
                    throw new IllegalStateException("the model returned a NaN log-probability");
                }
            }
        }
        return logProbabilities;
    }

    private record Beam(int[] tokens, double logProbability) {
    }

    private record Candidate(int beam, int token, double logProbability) {
    }
}
