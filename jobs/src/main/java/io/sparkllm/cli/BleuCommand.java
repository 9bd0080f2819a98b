package io.sparkllm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.jobs.eval.bleu.Bleu;
import io.sparkllm.jobs.eval.bleu.BleuTokenizer;
import io.sparkllm.jobs.eval.bleu.Chrf;
import io.sparkllm.jobs.eval.bleu.MetricScore;
import io.sparkllm.jobs.eval.bleu.SegmentFile;
import io.sparkllm.jobs.eval.bleu.Smoothing;
import io.sparkllm.runtime.JobFailedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sparkllm bleu}: sacreBLEU-exact BLEU and chrF of a hypothesis file against reference files, no Spark. */
@Command(name = "bleu", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score a file of hypotheses (one segment per line) against one or more reference files with "
                + "BLEU and/or chrF, exactly as sacreBLEU 2.x scores them. Prints sacreBLEU's one-line summary per "
                + "metric (or JSON with --json); the signature's version field names this implementation.")
public final class BleuCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--hyp", required = true, paramLabel = "FILE", description = "Hypotheses, one per line (UTF-8; .gz read as gzip).")
    Path hypotheses;

    @Option(names = "--ref", required = true, paramLabel = "FILE",
            description = "References, line-aligned with --hyp; repeat the option for several references.")
    List<Path> references;

    @Option(names = "--metrics", split = ",", defaultValue = "bleu", paramLabel = "METRIC",
            description = "bleu, chrf or both (comma-separated). Default: ${DEFAULT-VALUE}.")
    List<String> metrics;

    @Option(names = "--tokenize", defaultValue = "13a", paramLabel = "NAME",
            description = "BLEU tokenizer: 13a, intl, zh, char or none. Default: ${DEFAULT-VALUE}.")
    String tokenize;

    @Option(names = "--smooth", defaultValue = "exp", paramLabel = "METHOD",
            description = "BLEU smoothing: exp, floor, add-k or none. Default: ${DEFAULT-VALUE}.")
    String smooth;

    @Option(names = "--smooth-value", paramLabel = "X",
            description = "Value for floor (default 0.1) or add-k (default 1) smoothing.")
    Double smoothValue;

    @Option(names = "--lowercase", description = "Case-insensitive BLEU.")
    boolean lowercase;

    @Option(names = "--chrf-char-order", defaultValue = "6", paramLabel = "N", description = "chrF character n-gram order. Default: ${DEFAULT-VALUE}.")
    int chrfCharOrder;

    @Option(names = "--chrf-word-order", defaultValue = "0", paramLabel = "N",
            description = "chrF word n-gram order; 2 gives chrF++. Default: ${DEFAULT-VALUE}.")
    int chrfWordOrder;

    @Option(names = "--chrf-beta", defaultValue = "2", paramLabel = "B", description = "chrF's beta (weight of recall). Default: ${DEFAULT-VALUE}.")
    int chrfBeta;

    @Option(names = "--chrf-lowercase", description = "Case-insensitive chrF.")
    boolean chrfLowercase;

    @Option(names = "--chrf-whitespace", description = "Keep whitespace in chrF's character n-grams.")
    boolean chrfWhitespace;

    @Option(names = "--chrf-eps-smoothing", description = "chrF++.py/NLTK-style epsilon smoothing instead of the effective order.")
    boolean chrfEpsSmoothing;

    @Option(names = "--sentence", description = "Score every line on its own (sentence BLEU uses the effective order).")
    boolean sentence;

    @Option(names = "--width", defaultValue = "1", paramLabel = "N", description = "Decimals of the printed score. Default: ${DEFAULT-VALUE}.")
    int width;

    @Option(names = "--json", description = "One JSON object per metric (per line with --sentence) instead of text.")
    boolean json;

    /** A metric ready to score one segment or a corpus. */
    private interface Scorer {
        MetricScore corpus(List<String> hypotheses, List<List<String>> referenceStreams);

        MetricScore sentence(String hypothesis, List<String> references);
    }

    @Override
    public Integer call() {
        List<Scorer> scorers = scorers();
        List<String> hyps = read(hypotheses);
        if (hyps.isEmpty()) {
            throw new JobFailedException(hypotheses + ": no lines to score");
        }
        List<List<String>> streams = new ArrayList<>();
        for (Path reference : references) {
            List<String> refs = read(reference);
            if (refs.size() != hyps.size()) {
                throw new JobFailedException("reference " + reference + " has " + refs.size() + " lines but hypothesis "
                        + hypotheses + " has " + hyps.size());
            }
            streams.add(refs);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (sentence) {
            printSentences(out, scorers, hyps, streams);
        } else {
            List<MetricScore> scores = new ArrayList<>();
            for (Scorer scorer : scorers) {
                scores.add(scorer.corpus(hyps, streams));
            }
            if (json) {
                scores.forEach(s -> out.println(toJson(s.toJson())));
            } else {
                printAligned(out, scores.stream().map(s -> s.format(width)).toList());
            }
        }
        out.flush();
        return Main.EXIT_OK;
    }

    private List<Scorer> scorers() {
        if (width < 0) {
            throw usage("--width must be 0 or more, not " + width);
        }
        boolean wantBleu = false;
        boolean wantChrf = false;
        for (String metric : metrics) {
            switch (metric.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "bleu" -> wantBleu = true;
                case "chrf" -> wantChrf = true;
                default -> throw usage("--metrics: unknown metric '" + metric + "' (choose bleu, chrf)");
            }
        }
        List<Scorer> scorers = new ArrayList<>();
        // BLEU before chrF, as sacreBLEU sorts its metrics.
        if (wantBleu) {
            scorers.add(bleuScorer());
        }
        if (wantChrf) {
            scorers.add(chrfScorer());
        }
        return scorers;
    }

    private Scorer bleuScorer() {
        if (!BleuTokenizer.NAMES.contains(tokenize)) {
            throw usage("--tokenize: unknown tokenizer '" + tokenize + "' (choose " + String.join(", ", BleuTokenizer.NAMES) + ")");
        }
        Smoothing smoothing;
        try {
            smoothing = Smoothing.named(smooth);
        } catch (IllegalArgumentException e) {
            throw usage("--smooth: " + e.getMessage());
        }
        Bleu.Settings settings = Bleu.Settings.DEFAULTS.withTokenize(tokenize).withLowercase(lowercase)
                .withSmoothing(smoothing, smoothValue);
        Bleu corpusBleu = new Bleu(settings);
        Bleu sentenceBleu = new Bleu(settings.withEffectiveOrder(true));
        return new Scorer() {
            @Override
            public MetricScore corpus(List<String> hyps, List<List<String>> streams) {
                return corpusBleu.corpusScore(hyps, streams);
            }

            @Override
            public MetricScore sentence(String hyp, List<String> refs) {
                return sentenceBleu.sentenceScore(hyp, refs);
            }
        };
    }

    private Scorer chrfScorer() {
        Chrf.Settings settings;
        try {
            settings = new Chrf.Settings(chrfCharOrder, chrfWordOrder, chrfBeta, chrfLowercase, chrfWhitespace,
                    chrfEpsSmoothing);
        } catch (IllegalArgumentException e) {
            throw usage("chrF: " + e.getMessage());
        }
        Chrf chrf = new Chrf(settings);
        return new Scorer() {
            @Override
            public MetricScore corpus(List<String> hyps, List<List<String>> streams) {
                return chrf.corpusScore(hyps, streams);
            }

            @Override
            public MetricScore sentence(String hyp, List<String> refs) {
                return chrf.sentenceScore(hyp, refs);
            }
        };
    }

    private void printSentences(PrintWriter out, List<Scorer> scorers, List<String> hyps, List<List<String>> streams) {
        StringBuilder buffer = new StringBuilder();
        for (int i = 0; i < hyps.size(); i++) {
            List<String> refs = new ArrayList<>(streams.size());
            for (List<String> stream : streams) {
                refs.add(stream.get(i));
            }
            for (Scorer scorer : scorers) {
                MetricScore score = scorer.sentence(hyps.get(i), refs);
                if (json) {
                    Map<String, Object> object = new LinkedHashMap<>();
                    object.put("line", i + 1);
                    object.putAll(score.toJson());
                    buffer.append(toJson(object)).append('\n');
                } else {
                    buffer.append(score.format(width)).append('\n');
                }
            }
            if (buffer.length() > 1 << 16) {
                out.print(buffer);
                buffer.setLength(0);
            }
        }
        out.print(buffer);
    }

    /** sacreBLEU lines up several metrics' '=' signs by right-aligning what comes before them. */
    static void printAligned(PrintWriter out, List<String> lines) {
        int widest = 0;
        for (String line : lines) {
            widest = Math.max(widest, line.indexOf(" = "));
        }
        for (String line : lines) {
            int at = line.indexOf(" = ");
            out.println(" ".repeat(widest - at) + line);
        }
    }

    private static List<String> read(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new JobFailedException(file + ": is a directory, not a text file");
            }
            return SegmentFile.read(file);
        } catch (NoSuchFileException e) {
            throw new JobFailedException(file + ": no such file");
        } catch (SegmentFile.NotUtf8Exception e) {
            throw new JobFailedException(e.getMessage());
        } catch (IOException e) {
            throw new JobFailedException(file + ": " + e.getMessage(), e);
        }
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
