package io.sparkllm.datasets.humaneval;

/** A problem record that does not fit its language's schema; the message names the field. */
public final class InvalidProblemException extends Exception {
    private final String rule;

    public InvalidProblemException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    /** A short reason code for quarantine counts: bad_json, missing_field, ... */
    public String rule() {
        return rule;
    }
}
