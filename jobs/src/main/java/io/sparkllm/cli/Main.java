package io.sparkllm.cli;

import com.typesafe.config.ConfigException;
import io.sparkllm.runtime.JobConfigs;
import io.sparkllm.runtime.JobFailedException;
import io.sparkllm.runtime.UsageException;
import picocli.CommandLine;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

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
    public static int execute(String[] args, PrintStream stdout, PrintStream stderr) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cli = commandLine(out, err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, verbose, err));
        cli.setParameterExceptionHandler((ex, unused) -> {
            err.println("sparkllm: " + usageMessage(ex));
            return EXIT_USAGE;
        });
        return cli.execute(args);
    }

    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new SparkllmCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        addConfigHelp(cli);
        return cli;
    }

    /** Every job's --help ends with its config keys (nested commands such as eval's too). */
    private static void addConfigHelp(CommandLine parent) {
        for (CommandLine sub : parent.getSubcommands().values()) {
            if (sub.getCommand() instanceof JobCommand job) {
                sub.getCommandSpec().usageMessage().footer(ConfigHelp.render(JobConfigs.defaults(job.jobName())));
            }
            addConfigHelp(sub);
        }
    }

    /** One line: what was wrong, a suggestion where picocli has one, and where to read more. */
    static String usageMessage(CommandLine.ParameterException ex) {
        CommandLine where = ex.getCommandLine();
        String help = "see 'sparkllm " + commandPath(where) + "--help'";
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> args = unmatched.getUnmatched();
            String first = args.isEmpty() ? "" : args.get(0);
            List<String> suggestions = unmatched.getSuggestions();
            String hint = suggestions.isEmpty() ? "" : " (did you mean '" + suggestions.get(0) + "'?)";
            boolean isJob = where.getParent() == null && !first.startsWith("-");
            return (isJob ? "unknown job '" : "unknown option or argument '") + first + "'" + hint + "; " + help;
        }
        return ex.getMessage().replace('\n', ' ').trim() + "; " + help;
    }

    private static String commandPath(CommandLine commandLine) {
        StringBuilder path = new StringBuilder();
        for (CommandLine c = commandLine; c != null && c.getParent() != null; c = c.getParent()) {
            path.insert(0, c.getCommandName() + " ");
        }
        return path.toString();
    }

    static int report(Exception ex, boolean verbose, PrintWriter err) {
        Throwable cause = ex;
        while (cause.getCause() != null && !(cause instanceof UsageException) && !(cause instanceof JobFailedException)
                && !(cause instanceof ConfigException)) {
            cause = cause.getCause();
        }
        if (cause instanceof UsageException || cause instanceof ConfigException) {
            err.println("sparkllm: " + firstLine(cause.getMessage()));
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
