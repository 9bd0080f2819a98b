package io.sparkllm.datasets.humaneval;

import java.util.Locale;

/** How one sample ended. */
public enum Status {
    /** The test ran and every check held. */
    PASSED,
    /** The test ran and a check failed (an assertion, a failed Go test, output where none is expected). */
    FAILED,
    /** Over the wall-clock or CPU time limit. */
    TIMEOUT,
    /** The compiler rejected the program (C++, Java, Go). */
    COMPILE_ERROR,
    /** The program crashed, ran out of memory or processes, or printed more than the output cap. */
    RUNTIME_ERROR;

    /** The name in tables: passed, failed, timeout, compile_error, runtime_error. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
