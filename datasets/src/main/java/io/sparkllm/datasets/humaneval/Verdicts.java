package io.sparkllm.datasets.humaneval;

/**
 * Turns a step's outcome into a status, telling a failed check from a crash per language: an
 * assertion (Python, Java, C++ assert, JavaScript assert) or a failed Go test is {@code failed};
 * any other non-zero exit is {@code runtime_error}.
 */
final class Verdicts {
    private Verdicts() {
    }

    static Status of(Program program, Program.Step step, RunOutcome outcome) {
        if (outcome.timedOut() || outcome.cpuLimitHit()) {
            return Status.TIMEOUT;
        }
        if (outcome.outputOverflow()) {
            return Status.RUNTIME_ERROR;
        }
        if (step.compile()) {
            return outcome.exitCode() == 0 ? Status.PASSED : Status.COMPILE_ERROR;
        }
        if (outcome.exitCode() == 0) {
            boolean printed = !outcome.stdout().isEmpty() || !outcome.stderr().isEmpty();
            return program.failOnAnyOutput() && printed ? Status.FAILED : Status.PASSED;
        }
        return failedCheck(program.language(), outcome) ? Status.FAILED : Status.RUNTIME_ERROR;
    }

    private static boolean failedCheck(Language language, RunOutcome outcome) {
        String err = outcome.stderr();
        return switch (language) {
            case PYTHON, HUMANEVAL -> err.contains("AssertionError");
            case JAVA -> err.contains("java.lang.AssertionError");
            case CPP -> err.contains("Assertion") && err.contains("failed");
            case JS -> err.contains("AssertionError") || err.contains("Assertion failed");
            case GO -> outcome.stdout().contains("--- FAIL") && !outcome.stdout().contains("panic:");
        };
    }
}
