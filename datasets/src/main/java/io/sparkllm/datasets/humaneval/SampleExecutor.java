package io.sparkllm.datasets.humaneval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

/**
 * Runs one sample (a problem and a completion) in a fresh work directory through the sandbox and
 * says how it ended. The directory is removed afterwards.
 */
public final class SampleExecutor {
    private final Sandbox sandbox;
    private final Path workRoot;
    private final int excerptChars;

    public SampleExecutor(Sandbox sandbox, Path workRoot, int excerptChars) {
        this.sandbox = sandbox;
        this.workRoot = workRoot;
        this.excerptChars = excerptChars;
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public ExecutionResult execute(Problem problem, String completion) throws IOException, InterruptedException {
        Program program = ProgramAssembler.assemble(problem, completion);
        Files.createDirectories(workRoot);
        Path work = Files.createTempDirectory(workRoot, "sample-");
        long millis = 0;
        try {
            for (Map.Entry<String, String> f : program.files().entrySet()) {
                Files.writeString(work.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            }
            if (program.usesGoCache()) {
                GoBuildCache.provide(sandbox, workRoot, work);
            }
            for (Program.Step step : program.steps()) {
                RunOutcome outcome = sandbox.run(work, step.command(), program.env(), step.compile());
                millis += outcome.millis();
                Status status = Verdicts.of(program, step, outcome);
                if (status != Status.PASSED) {
                    return new ExecutionResult(status, excerpt(status, outcome), millis);
                }
            }
            return new ExecutionResult(Status.PASSED, "", millis);
        } finally {
            delete(work);
        }
    }

    private String excerpt(Status status, RunOutcome outcome) {
        String text = outcome.stderr().isBlank() ? outcome.stdout() : outcome.stderr();
        String reason = "";
        if (outcome.timedOut()) {
            reason = "[killed: over the wall-clock limit]\n";
        } else if (outcome.outputOverflow()) {
            reason = "[killed: printed more than " + sandbox.settings().outputBytes() + " bytes]\n";
        } else if (status == Status.TIMEOUT) {
            reason = "[killed: over the CPU time limit]\n";
        }
        String all = reason + text;
        return all.length() <= excerptChars ? all : all.substring(0, excerptChars);
    }

    /** Removes the work directory without following links a program may have planted in it. */
    private static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
