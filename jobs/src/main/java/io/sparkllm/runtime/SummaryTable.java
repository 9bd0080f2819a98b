package io.sparkllm.runtime;

import java.util.ArrayList;
import java.util.List;

/** The table printed when a job ends: each output with its category and record count. */
public final class SummaryTable {
    private SummaryTable() {
    }

    public static String render(String job, String output, double seconds, List<InputCounts> inputs,
                                List<OutputCounts> outputs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", "name", "category", "records"});
        for (InputCounts in : inputs) {
            rows.add(new String[] {"in", in.path(), "input", String.format("%,d", in.records())});
        }
        for (OutputCounts o : outputs) {
            rows.add(new String[] {"out", o.path(), o.category(), String.format("%,d", o.records())});
        }
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("sparkllm %s finished in %s -> %s%n", job, Durations.format(seconds), output));
        for (String[] row : rows) {
            sb.append(String.format("  %-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %"
                    + widths[3] + "s%n", row[0], row[1], row[2], row[3]));
        }
        return sb.toString();
    }
}
