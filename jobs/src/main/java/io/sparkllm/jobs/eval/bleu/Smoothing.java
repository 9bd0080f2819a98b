package io.sparkllm.jobs.eval.bleu;

import java.util.Arrays;

/**
 * How BLEU treats an n-gram order without matches (Chen and Cherry 2014, as sacreBLEU names them): {@code exp}
 * (mteval-v13a's: the k-th empty order counts as 1/2^k matches), {@code floor} (a fixed number of matches,
 * default 0.1), {@code add-k} (k added to matches and totals from bigrams on, default 1) and {@code none}.
 */
public enum Smoothing {
    EXP("exp", null),
    FLOOR("floor", 0.1),
    ADD_K("add-k", 1.0),
    NONE("none", null);

    private final String cliName;
    private final Double defaultValue;

    Smoothing(String cliName, Double defaultValue) {
        this.cliName = cliName;
        this.defaultValue = defaultValue;
    }

    /** The name sacreBLEU uses on its command line and in signatures. */
    public String cliName() {
        return cliName;
    }

    /** The value used when none is given; null for the methods that take none. */
    public Double defaultValue() {
        return defaultValue;
    }

    public boolean takesValue() {
        return defaultValue != null;
    }

    public static Smoothing named(String name) {
        for (Smoothing s : values()) {
            if (s.cliName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown smoothing method '" + name + "' (known: "
                + String.join(", ", Arrays.stream(values()).map(Smoothing::cliName).toList()) + ")");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
