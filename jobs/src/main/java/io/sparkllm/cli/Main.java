package io.sparkllm.cli;

import io.sparkllm.runtime.JobConfigs;
import io.sparkllm.runtime.JobFailedException;
import io.sparkllm.runtime.UsageException;
import picocli.CommandLine;

import java.io.PrintStream;
import java.util.Arrays;

/** Entry point of the {@code sparkllm} command, locally and under spark-submit. */
public final class Main {
    public static final int EXIT_OK = 0;
    public static final int EXIT_RUNTIME = 1;
    public static final int EXIT_USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        int code = execute(args, System.out, System.err);
        System.exit(code);
    }

    /** Runs the command line and returns the exit code; never throws. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cli = commandLine(out, err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, verbose, err));
        cli.setParameterExceptionHandler((ex, args1) -> {
            err.println("sparkllm: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Run 'sparkllm " + commandPath(ex.getCommandLine()) + "--help' for usage.");
            return EXIT_USAGE;
        });
        return cli.execute(args);
    }

    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new SparkllmCommand());
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getCommand() instanceof JobCommand job) {
                sub.getCommandSpec().usageMessage().footer(ConfigHelp.render(JobConfigs.defaults(job.jobName())));
            }
        }
        return cli;
    }

    private static String commandPath(CommandLine commandLine) {
        StringBuilder path = new StringBuilder();
        for (CommandLine c = commandLine; c != null && c.getParent() != null; c = c.getParent()) {
            path.insert(0, c.getCommandName() + " ");
        }
        return path.toString();
    }

    static int report(Exception ex, boolean verbose, PrintStream err) {
        Throwable cause = ex;
        while (cause.getCause() != null && !(cause instanceof UsageException) && !(cause instanceof JobFailedException)) {
            cause = cause.getCause();
        }
        if (cause instanceof UsageException) {
            err.println("sparkllm: " + cause.getMessage());
            if (verbose) {
                ex.printStackTrace(err);
            }
            return EXIT_USAGE;
        }
        String message = cause instanceof JobFailedException ? cause.getMessage()
                : cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage());
        err.println("sparkllm: " + message);
        if (verbose) {
            ex.printStackTrace(err);
        } else if (!(cause instanceof JobFailedException)) {
            err.println("sparkllm: (run again with --verbose for the stack trace)");
        }
        return EXIT_RUNTIME;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
