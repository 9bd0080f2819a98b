package io.sparkllm.datasets.ngram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the ARPA text format into an {@link ArpaModel}.
 *
 * <p>Layout: optional text, {@code \data\}, one {@code ngram N=count} line per order 1, 2, ..., then one
 * {@code \N-grams:} section per order with lines {@code log10prob word1 ... wordN [log10backoff]} (no backoff on the
 * highest order), then {@code \end\}. Tolerated: a byte-order mark, blank lines anywhere, spaces or tabs (any run of them) between
 * fields, CRLF line ends, text before {@code \data\} and after {@code \end\}, {@code -inf}/{@code inf} as numbers.
 * Everything else that is off (a count that does not match its section, a field that is not a number, an n-gram whose
 * words are not all 1-grams, a repeated n-gram, a missing section or {@code \end\}) is an IllegalArgumentException
 * that names the line, because a silently half-read model would make the perplexity filter drop good documents.
 */
final class ArpaReader {
    private static final Pattern COUNT = Pattern.compile("ngram\\s+(\\d+)\\s*=\\s*(\\d+)");
    private static final Pattern SECTION = Pattern.compile("\\\\(\\d+)-grams:");
    private static final Pattern FIELDS = Pattern.compile("[ \\t]+");

    private final BufferedReader reader;
    private int lineNumber;

    private ArpaReader(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    static ArpaModel read(InputStream in, double unknownLog10Prob) throws IOException {
        return new ArpaReader(in).parse(unknownLog10Prob);
    }

    private ArpaModel parse(double unknownLog10Prob) throws IOException {
        String line;
        do {
            line = nextLine(false);
            if (line == null) {
                throw error("no \\data\\ header before the end of the input");
            }
        } while (!line.equals("\\data\\"));

        List<Long> declared = new ArrayList<>();
        line = nextNonBlank();
        while (line != null && line.startsWith("ngram")) {
            Matcher m = COUNT.matcher(line);
            if (!m.matches()) {
                throw error("expected 'ngram N=count', found '" + line + "'");
            }
            int n = parseInt(m.group(1));
            if (n != declared.size() + 1) {
                throw error("expected the count of order " + (declared.size() + 1) + ", found order " + n);
            }
            declared.add(parseLong(m.group(2)));
            line = nextNonBlank();
        }
        if (declared.isEmpty()) {
            throw error(line == null ? "no 'ngram N=count' lines before the end of the input"
                    : "expected 'ngram 1=count', found '" + line + "'");
        }
        int order = declared.size();
        long[] counts = declared.stream().mapToLong(Long::longValue).toArray();
        ArpaModel.Builder builder = new ArpaModel.Builder(counts);
        int[] ids = new int[order];

        for (int n = 1; n <= order; n++) {
            if (line == null) {
                throw error("expected \\" + n + "-grams: before the end of the input");
            }
            Matcher m = SECTION.matcher(line);
            if (!m.matches() || parseInt(m.group(1)) != n) {
                throw error("expected \\" + n + "-grams:, found '" + line + "'");
            }
            long entries = 0;
            while ((line = nextNonBlank()) != null && !line.startsWith("\\")) {
                if (++entries > counts[n - 1]) {
                    throw error("more " + n + "-grams than the " + counts[n - 1] + " declared in \\data\\");
                }
                readEntry(line, n, order, builder, ids);
            }
            if (entries != counts[n - 1]) {
                throw error("the \\" + n + "-grams: section ends with " + entries + " entries but \\data\\ declares "
                        + counts[n - 1]);
            }
        }
        if (line == null) {
            throw error("expected \\end\\ before the end of the input");
        }
        if (!line.equals("\\end\\")) {
            throw error("expected \\end\\ after the " + order + "-grams, found '" + line + "'");
        }
        return builder.build(unknownLog10Prob);
    }

    private void readEntry(String line, int n, int order, ArpaModel.Builder builder, int[] ids) {
        String[] fields = FIELDS.split(line);
        boolean hasBackoff = fields.length == n + 2;
        if (fields.length != n + 1 && !(hasBackoff && n < order)) {
            throw error("expected " + (n < order ? (n + 1) + " or " + (n + 2) : String.valueOf(n + 1))
                    + " fields (log10prob, " + n + " word" + (n > 1 ? "s" : "") + (n < order ? ", optional backoff" : "")
                    + ") in a " + n + "-gram line, found " + fields.length + ": '" + line + "'");
        }
        float prob = parseLogValue(fields[0], "log10 probability");
        float backoff = hasBackoff ? parseLogValue(fields[n + 1], "log10 backoff") : 0f;
        if (n == 1) {
            int id = builder.addWord(fields[1]);
            if (id < 0) {
                throw error("repeated 1-gram '" + fields[1] + "'");
            }
            ids[0] = id;
        } else {
            for (int i = 0; i < n; i++) {
                int id = builder.id(fields[i + 1]);
                if (id < 0) {
                    throw error("word '" + fields[i + 1] + "' of this " + n + "-gram is not among the 1-grams");
                }
                ids[i] = id;
            }
        }
        if (!builder.put(ids, n, prob, backoff)) {
            throw error("repeated " + n + "-gram '" + String.join(" ", java.util.Arrays.copyOfRange(fields, 1, n + 1))
                    + "'");
        }
    }

    private float parseLogValue(String field, String what) {
        switch (field) {
            case "-inf": case "-Inf": case "-INF": case "-infinity": case "-Infinity":
                return Float.NEGATIVE_INFINITY;
            case "inf": case "Inf": case "INF": case "infinity": case "Infinity":
                return Float.POSITIVE_INFINITY;
            default:
                break;
        }
        try {
            float value = Float.parseFloat(field);
            if (Float.isNaN(value)) {
                throw error(what + " is NaN");
            }
            return value;
        } catch (NumberFormatException e) {
            throw error("expected a " + what + ", found '" + field + "'");
        }
    }

    private int parseInt(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw error("number out of range: " + digits);
        }
    }

    private long parseLong(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw error("number out of range: " + digits);
        }
    }

    private String nextNonBlank() throws IOException {
        return nextLine(true);
    }

    /** The next line, stripped; with {@code skipBlank}, the next one that is not blank. Null at the end. */
    private String nextLine(boolean skipBlank) throws IOException {
        String line;
        do {
            line = reader.readLine();
            if (line == null) {
                lineNumber++; // errors at the end name the line after the last one
                return null;
            }
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // a byte-order mark
            }
            line = line.strip();
        } while (skipBlank && line.isEmpty());
        return line;
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException("ARPA line " + lineNumber + ": " + message);
    }
}
