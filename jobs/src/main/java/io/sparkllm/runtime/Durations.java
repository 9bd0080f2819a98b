package io.sparkllm.runtime;

/** Human-readable durations for progress lines and summaries. */
public final class Durations {
    private Durations() {
    }

    /** 5.2 s, 3:07, 1:02:03. */
    public static String format(double seconds) {
        if (seconds < 60) {
            return String.format("%.1f s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return String.format("%d:%02d", s / 60, s % 60);
        }
        return String.format("%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    }
}
