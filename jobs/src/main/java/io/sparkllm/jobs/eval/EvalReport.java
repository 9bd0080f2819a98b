package io.sparkllm.jobs.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * report.html: one self-contained page (styles and charts inline, no scripts or fonts from the
 * network) that opens offline. Every metric is written in the exact text metrics.json holds, in
 * a cell marked {@code data-metric="dotted.path"}, so a reader (or a test) can match the page
 * against the file. Once loaded, the page records how many of its charts decoded
 * ({@code data-charts-rendered} on the body).
 */
public final class EvalReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String title;
    private final StringBuilder body = new StringBuilder();
    private int charts;

    public EvalReport(String title) {
        this.title = title;
    }

    /** The metrics as a two-column table, nested objects flattened to dotted paths. */
    public EvalReport metrics(String heading, JsonNode metrics) {
        Map<String, JsonNode> flat = new LinkedHashMap<>();
        flatten("", metrics, flat);
        body.append("<h2>").append(escape(heading)).append("</h2>\n<table class=\"metrics\">\n<tr><th>metric</th><th>value</th></tr>\n");
        flat.forEach((path, value) -> body.append("<tr><td>").append(escape(path)).append("</td><td data-metric=\"")
                .append(escape(path)).append("\">").append(escape(text(value))).append("</td></tr>\n"));
        body.append("</table>\n");
        return this;
    }

    /**
     * Metrics laid out as a grid (languages by pass@k, say): the cell of a row and a column shows the
     * metric at {@code path.apply(row, column)}, marked as in {@link #metrics}; a cell stays empty
     * where metrics.json has no such value.
     */
    public EvalReport metricsGrid(String heading, String corner, List<String> rows, List<String> columns,
                                  BiFunction<String, String, String> path, JsonNode metrics) {
        Map<String, JsonNode> flat = new LinkedHashMap<>();
        flatten("", metrics, flat);
        body.append("<h2>").append(escape(heading)).append("</h2>\n<table class=\"metrics\">\n<tr><th>")
                .append(escape(corner)).append("</th>");
        for (String c : columns) {
            body.append("<th>").append(escape(c)).append("</th>");
        }
        body.append("</tr>\n");
        for (String r : rows) {
            body.append("<tr><td>").append(escape(r)).append("</td>");
            for (String c : columns) {
                String at = path.apply(r, c);
                JsonNode value = flat.get(at);
                if (value == null) {
                    body.append("<td></td>");
                } else {
                    body.append("<td data-metric=\"").append(escape(at)).append("\">").append(escape(text(value)))
                            .append("</td>");
                }
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** A table of rows, each cell written as its JSON text (strings as themselves). */
    public EvalReport table(String heading, List<String> columns, List<List<Object>> rows) {
        body.append("<h2>").append(escape(heading)).append("</h2>\n<table>\n<tr>");
        for (String c : columns) {
            body.append("<th>").append(escape(c)).append("</th>");
        }
        body.append("</tr>\n");
        for (List<Object> row : rows) {
            body.append("<tr>");
            for (Object cell : row) {
                body.append("<td>").append(escape(text(JSON.valueToTree(cell)))).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    public EvalReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A PNG chart, inlined. */
    public EvalReport chart(String heading, byte[] png) {
        charts++;
        body.append("<h2>").append(escape(heading)).append("</h2>\n<img class=\"chart\" alt=\"").append(escape(heading))
                .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png)).append("\">\n");
        return this;
    }

    public String html() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title) + "</title>\n"
                + "<style>body{font-family:sans-serif;margin:2em;max-width:1000px}table{border-collapse:collapse;margin:1em 0}"
                + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}"
                + "td{max-width:600px;white-space:pre-wrap;word-break:break-word}img.chart{max-width:100%}</style>\n"
                + "</head>\n<body data-charts=\"" + charts + "\">\n<h1>" + escape(title) + "</h1>\n" + body
                // Counts the charts the browser could decode, for anyone checking the page rendered.
                + "<script>window.addEventListener('load',function(){var n=0;document.querySelectorAll('img.chart')"
                + ".forEach(function(i){if(i.complete&&i.naturalWidth>0){n++;}});"
                + "document.body.setAttribute('data-charts-rendered',String(n));});</script>\n</body>\n</html>\n";
    }

    /** The metrics as dotted path → value, the paths the page marks its cells with. */
    public static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(prefix, node);
        }
    }

    /** A value's text as metrics.json writes it (a string without its quotes). */
    public static String text(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
