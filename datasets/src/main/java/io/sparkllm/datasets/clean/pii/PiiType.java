package io.sparkllm.datasets.clean.pii;

/** The kinds of personal or secret data the redactor replaces, each with its fixed tag. */
public enum PiiType {
    EMAIL, IP_ADDRESS, KEY, USER;

    private final String tag = "PI:" + name();

    /** The text that replaces a match, e.g. {@code PI:EMAIL}; fixed so downstream stats can count tags. */
    public String tag() {
        return tag;
    }
}
